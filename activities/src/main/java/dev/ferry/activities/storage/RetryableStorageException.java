package dev.ferry.activities.storage;

/** A transient error: 5xx, throttling, timeout, connection reset. */
public final class RetryableStorageException extends StorageException {
  public RetryableStorageException(String message) {
    super(message, null);
  }

  public RetryableStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
