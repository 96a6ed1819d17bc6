package dev.ferry.activities.storage.s3;

import java.util.Locale;

/** How an S3 profile lists its keys: the {@code listing} setting of an s3 profile. */
public enum S3Listing {
  /**
   * The default: ferry chooses per location, the first time it lists it. A flat request for one key
   * and a delimited request for one entry are each timed twice; where the flat one costs more than
   * twice the delimited one plus 10 ms, the store reads everything under the prefix before it pages
   * (S3Proxy's file store), and the location is walked by directories; otherwise it is listed flat.
   */
  AUTO,
  /** One flat listing of every key under the location, 1,000 keys a request: fewest requests. */
  FLAT,
  /**
   * Directory by directory with the {@code /} delimiter, as rclone lists without {@code
   * --fast-list}: for stores that walk their files on every request (S3Proxy's filesystem store
   * reads every file under a request's prefix before it pages), where each page of a flat listing
   * costs a walk of everything under the location.
   */
  DIRECTORIES;

  /** The name used in {@code ferry.yaml}: {@code auto}, {@code flat} or {@code directories}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a config value; returns null when it names no listing. */
  public static S3Listing fromId(String id) {
    for (S3Listing listing : values()) {
      if (listing.id().equals(id)) {
        return listing;
      }
    }
    return null;
  }
}
