package dev.ferry.activities.storage;

import java.util.Objects;

/**
 * A fault of the whole location, not of one object: it is full or over quota, read-only, its bucket
 * is gone, or it refuses the credentials. Every other object would fail the same way, so the
 * migration pauses with the message instead of failing object after object.
 *
 * <p>Some errors only look like this: a 403 {@code AccessDenied} may come from a policy on one
 * prefix. Those are thrown {@linkplain #confirmed() unconfirmed}, and the caller asks the whole
 * location (a one-key listing) before pausing; when that listing works, the error concerns the
 * object alone and counts as a permanent error of it.
 */
public final class LocationFaultException extends StorageException {
  /** What is wrong with the location, each with the words a pause reason puts after the side. */
  public enum Kind {
    /** No space left: a full disk or a store out of capacity. */
    NO_SPACE("full"),
    /** A quota of the user or the bucket is used up. */
    QUOTA("over quota"),
    /** The filesystem or store takes no writes. */
    READ_ONLY("read-only"),
    /** The bucket, container or root is gone. */
    GONE("gone"),
    /** The credentials are unknown, expired, revoked or refused for everything. */
    CREDENTIALS("credentials refused");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    /** E.g. {@code full}, as in {@code destination full: ...}. */
    public String words() {
      return words;
    }
  }

  private final Kind kind;
  private final String location;
  private final boolean confirmed;

  /**
   * A fault of the whole location.
   *
   * @param kind what is wrong
   * @param location the {@link StorageBackend#describe()} of the backend that met it
   * @param message the store's or operating system's own words, without credentials
   * @param confirmed false when it may concern one object only; see the class comment
   */
  public LocationFaultException(
      Kind kind, String location, String message, boolean confirmed, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.location = Objects.requireNonNull(location, "location");
    this.confirmed = confirmed;
  }

  public Kind kind() {
    return kind;
  }

  /** The {@link StorageBackend#describe()} of the backend that met the fault. */
  public String location() {
    return location;
  }

  /** Whether the error is of the whole location for sure, without asking it again. */
  public boolean confirmed() {
    return confirmed;
  }
}
