package dev.ferry.activities.storage;

/** No object under the key, or the bucket or root is missing. */
public final class NotFoundException extends StorageException {
  public NotFoundException(String message) {
    super(message, null);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
