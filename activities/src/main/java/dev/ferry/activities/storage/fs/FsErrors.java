package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** The one place where filesystem errors become the storage taxonomy. */
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
    String reason = e.getClass().getSimpleName() + reasonOf(e);
    if (e instanceof NoSuchFileException) {
      return new NotFoundException(what + ": not found", e);
    }
    if (e instanceof AccessDeniedException) {
      return new PermanentStorageException(what + ": access denied" + reasonOf(e), e);
    }
    if (e instanceof FileAlreadyExistsException
        || e instanceof NotDirectoryException
        || e instanceof FileSystemLoopException
        || e instanceof NotLinkException) {
      return new PermanentStorageException(what + ": " + reason, e);
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("File name too long")
        || message.contains("Not a directory")
        || message.contains("Is a directory")
        || message.contains("Directory not empty")) {
      return new PermanentStorageException(what + ": " + reason, e);
    }
    return new RetryableStorageException(what + ": " + reason, e);
  }

  private static String reasonOf(IOException e) {
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return " (" + fse.getReason() + ")";
    }
    return "";
  }
}
