package dev.ferry.activities.storage;

/** The bytes read or written do not match the expected checksum or size. */
public final class ChecksumMismatchException extends StorageException {
  public ChecksumMismatchException(String message) {
    super(message, null);
  }

  public ChecksumMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
