package dev.ferry.activities.storage;

/**
 * A key a batch delete could not remove.
 *
 * @param key the key
 * @param message why, without secrets
 * @param changed whether the object was kept because it changed since it was listed (see {@link
 *     StorageBackend#deleteUnchanged}), not because the store refused the delete
 */
public record DeleteFailure(String key, String message, boolean changed) {

  /** A delete the store refused. */
  public DeleteFailure(String key, String message) {
    this(key, message, false);
  }

  /** An object kept because it is no longer as listed. */
  public static DeleteFailure changed(String key) {
    return new DeleteFailure(key, "changed since it was listed; kept", true);
  }
}
