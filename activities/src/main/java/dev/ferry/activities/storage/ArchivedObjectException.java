package dev.ferry.activities.storage;

/**
 * An object the store keeps in an archive class or tier (S3 GLACIER or DEEP_ARCHIVE, Azure's
 * Archive tier) and reads only once it is restored: its bytes cannot be had, though its properties
 * can.
 */
public final class ArchivedObjectException extends PermanentStorageException {
  public ArchivedObjectException(String message, Throwable cause) {
    super(message, cause);
  }
}
