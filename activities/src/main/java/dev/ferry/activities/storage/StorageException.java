package dev.ferry.activities.storage;

/** Base of the storage error taxonomy; subclasses say whether retrying can help. */
public abstract class StorageException extends RuntimeException {
  protected StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
