package dev.ferry.activities.storage;

/** An error that retrying will not fix: access denied, invalid key, missing bucket. */
public class PermanentStorageException extends StorageException {
  public PermanentStorageException(String message) {
    super(message, null);
  }

  public PermanentStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
