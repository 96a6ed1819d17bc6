package dev.ferry.activities.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Map;

/** An I/O failure's reason in the operating system's own words, never a bare class name. */
public final class IoReasons {
  /** The C library's words for the errors Java turns into these types without a reason. */
  private static final Map<Class<? extends FileSystemException>, String> STRERROR =
      Map.of(
          AccessDeniedException.class, "Permission denied",
          NoSuchFileException.class, "No such file or directory",
          FileAlreadyExistsException.class, "File exists",
          NotDirectoryException.class, "Not a directory",
          DirectoryNotEmptyException.class, "Directory not empty",
          FileSystemLoopException.class, "Too many levels of symbolic links",
          NotLinkException.class, "Not a symbolic link");

  private IoReasons() {}

  /**
   * The reason {@code e} gives: a filesystem error's reason ("Permission denied") without the path
   * it already names, else its message, else a sentence that at least says no reason was given.
   */
  public static String osReason(IOException e) {
    if (e instanceof FileSystemException fse) {
      // Java leaves the reason out of the common errors (EACCES, ENOENT, ...): its message is
      // then only the path, which says nothing of what went wrong.
      return fse.getReason() != null ? fse.getReason() : reasonOfType(fse);
    }
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    return "an I/O error without a message (" + e.getClass().getSimpleName() + ")";
  }

  private static String reasonOfType(FileSystemException e) {
    for (Map.Entry<Class<? extends FileSystemException>, String> kind : STRERROR.entrySet()) {
      if (kind.getKey().isInstance(e)) {
        return kind.getValue();
      }
    }
    return "a filesystem error without a reason (" + e.getClass().getSimpleName() + ")";
  }
}
