package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.IoReasons;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.LocationFaultException.Kind;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;

/**
 * The one place where filesystem errors become the storage taxonomy, with reasons a person can act
 * on: Java's own messages for these errors are often a bare path or class name.
 */
final class FsErrors {
  private FsErrors() {}

  /**
   * Classifies {@code e} raised while doing {@code what} (e.g. {@code "write a/b"}): missing files
   * are not-found, permission and shape problems are permanent, anything else (I/O errors, a full
   * disk, a stale mount) may pass and is retryable.
   */
  static StorageException classify(String what, IOException e) {
    if (e instanceof DigestingInputStream.Mismatch) {
      return new ChecksumMismatchException(what + ": " + e.getMessage(), e);
    }
    if (e instanceof NoSuchFileException) {
      return new NotFoundException(what + ": not found", e);
    }
    String permanent = permanentReason(e);
    if (permanent != null) {
      return new PermanentStorageException(what + ": " + permanent, e);
    }
    return new RetryableStorageException(what + ": " + IoReasons.osReason(e), e);
  }

  /**
   * As {@link #classify}, for a write or delete under {@code root} of the backend described by
   * {@code location}: a full, over-quota or read-only filesystem fails every write alike, so it is
   * a fault of the whole location, reported in the OS's words with the root, e.g. {@code No space
   * left on device (/srv/out)}.
   */
  static StorageException classifyWrite(String location, Path root, String what, IOException e) {
    String reason = IoReasons.osReason(e);
    Kind kind = wholeFilesystemFault(reason);
    if (kind != null) {
      String where = kind == Kind.NO_SPACE && hasSpace(root) ? root + "; its inodes?" : "" + root;
      return new LocationFaultException(kind, location, reason + " (" + where + ")", true, e);
    }
    return classify(what, e);
  }

  /**
   * Whether the filesystem of {@code root} still has bytes free: ENOSPC then means its inodes (or a
   * reserve) ran out, which {@code df -h} does not show.
   */
  static boolean hasSpace(Path root) {
    try {
      return Files.getFileStore(root).getUsableSpace() > (16L << 20);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The fault of the whole filesystem that {@code reason} (the OS's strerror text, ENOSPC, EDQUOT,
   * EROFS) names, or null. Java exposes no errno, so the C library's English words are matched.
   */
  static Kind wholeFilesystemFault(String reason) {
    if (reason.contains("No space left on device")) {
      return Kind.NO_SPACE;
    }
    if (reason.contains("Disk quota exceeded")) {
      return Kind.QUOTA;
    }
    if (reason.contains("Read-only file system")) {
      return Kind.READ_ONLY;
    }
    return null;
  }

  /** Why {@code e} will happen again on every retry, or null when it may pass. */
  private static String permanentReason(IOException e) {
    String file = e instanceof FileSystemException fse ? fse.getFile() : null;
    String where = file == null ? "a path" : "'" + file + "'";
    if (e instanceof AccessDeniedException) {
      return "permission denied on " + where;
    }
    if (e instanceof FileAlreadyExistsException) {
      return where + " already exists";
    }
    if (e instanceof NotDirectoryException) {
      return where + " is not a directory";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return where + " is a directory that is not empty";
    }
    if (e instanceof FileSystemLoopException) {
      return where + " is part of a symlink loop";
    }
    if (e instanceof NotLinkException) {
      return where + " is not a symlink";
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("Operation not permitted")) {
      // EPERM: no retry changes it (/sys, /proc, an immutable file, a mount that refuses writes).
      return "operation not permitted on " + where;
    }
    if (message.contains("File name too long")) {
      return "a file name is longer than this filesystem allows";
    }
    if (message.contains("Not a directory")) {
      return "a file is in the way where a directory of the path must be";
    }
    if (message.contains("Is a directory")) {
      return "a directory is in the way where the file must be";
    }
    if (message.contains("Directory not empty")) {
      return "a directory that is not empty is in the way";
    }
    return null;
  }
}
