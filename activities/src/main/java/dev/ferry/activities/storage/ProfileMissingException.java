package dev.ferry.activities.storage;

/**
 * A location names a profile this worker's config lacks, or holds unusable, though the client that
 * started the migration had it: the worker's config, not the data, is at fault, and another worker
 * on the task queue may have the profile. Activities are retried (perhaps on another worker); a
 * range whose every attempt met it pauses the migration rather than failing its objects.
 */
public final class ProfileMissingException extends StorageException {
  public ProfileMissingException(String message, Throwable cause) {
    super(message, cause);
  }
}
