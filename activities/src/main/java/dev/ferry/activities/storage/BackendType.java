package dev.ferry.activities.storage;

import java.util.List;

/**
 * A kind of storage that profiles can name with {@code type:}: its name, its options, how its
 * locations look, and how it opens backends. Each backend package declares one, and the registry
 * lists them; nothing else names a backend type.
 */
public interface BackendType {
  /** The {@code type:} value, e.g. {@code s3}. */
  String name();

  /** One line for {@code ferry backends}. */
  String description();

  /** Every option a profile of this type may set, besides {@code type}. */
  List<BackendOption> options();

  /** How locations of this type are written. */
  LocationShape shape();

  /**
   * Adds one message per problem of {@code profile} beyond single values (which the config parser
   * checks): combinations and ranges, each starting with {@code prefix} (which names the profile).
   */
  default void validate(BackendProfile profile, String prefix, List<String> problems) {}

  /**
   * Checks the container and path of a location of {@code profile} before anything is opened.
   *
   * @throws IllegalArgumentException with one line naming the problem and the fix
   */
  default void checkLocation(BackendProfile profile, String container, String path) {}

  /**
   * Why this type's backends list no {@link IncompleteUploads}, as one clause for a user (what the
   * store does with unfinished writes instead), or null when they do or nothing needs saying.
   */
  default String noIncompleteUploadsReason() {
    return null;
  }

  /**
   * What every backend opened on {@code profile} shares (a pooled client, say); the caller keeps
   * one per profile and closes it when done. Makes no request.
   */
  Connected connect(BackendProfile profile);

  /** A profile's open side: opens backends for its locations. */
  interface Connected extends AutoCloseable {
    /**
     * Opens the backend for a location, already checked by {@link #checkLocation}.
     *
     * @param container the bucket or container, or empty for other shapes
     * @param path the key prefix or path, possibly empty
     * @param description how logs and errors name it, e.g. {@code s3 src:bucket/in}
     */
    StorageBackend open(String container, String path, String description);

    /** Releases what the profile's backends shared; the default has nothing to release. */
    @Override
    default void close() {}
  }
}
