package dev.ferry.activities.storage;

/**
 * A key a batch delete could not remove.
 *
 * @param key the key
 * @param message why, without secrets
 * @param changed whether the object was kept because it changed since it was listed (see {@link
 *     StorageBackend#deleteUnchanged}), not because the store refused the delete
 * @param passing whether the store refused for a reason that may pass (a 500 or a throttle on this
 *     key): asking again may delete it
 */
public record DeleteFailure(String key, String message, boolean changed, boolean passing) {

  /** A delete the store refused. */
  public DeleteFailure(String key, String message) {
    this(key, message, false, false);
  }

  /** An object kept because it is no longer as listed. */
  public static DeleteFailure changed(String key) {
    return new DeleteFailure(key, "changed since it was listed; kept", true, false);
  }

  /** A delete the store refused with {@code e}: passing when {@code e} is retryable. */
  public static DeleteFailure refused(String key, StorageException e) {
    return new DeleteFailure(key, e.getMessage(), false, e instanceof RetryableStorageException);
  }
}
