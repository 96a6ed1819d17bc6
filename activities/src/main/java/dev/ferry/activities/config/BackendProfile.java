package dev.ferry.activities.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named storage profile from the {@code backends:} section of {@code ferry.yaml}.
 *
 * <p>YAML keys: {@code type} ({@code s3} or {@code file}); for {@code s3}: {@code endpoint}, {@code
 * region}, {@code accessKey}, {@code secretKey}, {@code partSize} (bytes, or {@code 16MiB}), {@code
 * listing} ({@code auto}, {@code flat} or {@code directories}); for {@code file}: {@code root}; for
 * {@code synthetic} (load testing): {@code count} and {@code size} (bytes per object); {@code
 * discard} (load testing) takes none. {@link #toString()} never shows the keys.
 *
 * @param name the profile name used in locations ({@code NAME:...})
 * @param type the kind of store
 * @param endpoint S3 endpoint URL ({@code http://host:port}), s3 only
 * @param region S3 region, or null to let the client discover it, s3 only
 * @param accessKey S3 access key, or null for anonymous access, s3 only
 * @param secretKey S3 secret key, or null for anonymous access, s3 only
 * @param root the directory the profile's paths are relative to, file only
 * @param partSize multipart part size in bytes for large or unknown-length uploads, or 0 for the
 *     default ({@link #DEFAULT_PART_SIZE}); bounds memory per transfer, s3 only
 * @param count the number of generated objects, synthetic only
 * @param objectSize the size of each generated object in bytes, synthetic only
 * @param listing how keys are listed, or null for {@link S3Listing#AUTO}, s3 only
 */
public record BackendProfile(
    String name,
    BackendType type,
    String endpoint,
    String region,
    String accessKey,
    String secretKey,
    Path root,
    long partSize,
    long count,
    long objectSize,
    S3Listing listing) {

  /**
   * Part size used when a profile sets none: 8 MiB, as the AWS CLI's. With {@code
   * S3Backend.PARALLEL_PARTS} parts in flight a transfer holds about 40 MiB; a known size above 80
   * GB grows the part to stay within 10,000 parts, and a stream of unknown size is capped at 80 GB.
   */
  public static final long DEFAULT_PART_SIZE = 8L << 20;

  /** The smallest part size S3 accepts. */
  public static final long MIN_PART_SIZE = 5L << 20;

  /** The largest part size S3 accepts. */
  public static final long MAX_PART_SIZE = 5L << 30;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  /** A profile of a store kind without generated objects. */
  public BackendProfile(
      String name,
      BackendType type,
      String endpoint,
      String region,
      String accessKey,
      String secretKey,
      Path root,
      long partSize) {
    this(name, type, endpoint, region, accessKey, secretKey, root, partSize, 0, 0, null);
  }

  /** A profile for an S3-compatible store with the default part size. */
  public static BackendProfile s3(
      String name, String endpoint, String region, String accessKey, String secretKey) {
    return new BackendProfile(
        name, BackendType.S3, endpoint, region, accessKey, secretKey, null, 0);
  }

  /** A profile for a directory tree. */
  public static BackendProfile file(String name, Path root) {
    return new BackendProfile(name, BackendType.FILE, null, null, null, null, root, 0);
  }

  /** Whether {@code name} is a valid profile name: letters, digits, {@code -} and {@code _}. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The part size to use: the configured one, else {@link #DEFAULT_PART_SIZE}. */
  public long effectivePartSize() {
    return partSize > 0 ? partSize : DEFAULT_PART_SIZE;
  }

  /** How keys are listed: the configured way, else {@link S3Listing#AUTO}. */
  public S3Listing effectiveListing() {
    return listing == null ? S3Listing.AUTO : listing;
  }

  /**
   * Checks the profile and returns one message per problem, each naming the profile; empty when the
   * profile is usable.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    String p = "profile '" + name + "': ";
    if (!isValidName(name)) {
      problems.add(p + "name may contain only letters, digits, '-' and '_'");
    }
    if (type == null) {
      problems.add(p + "type must be s3 or file (or synthetic or discard for load tests)");
      return problems;
    }
    if (type != BackendType.S3 && listing != null) {
      problems.add(p + "listing applies only to type s3; remove it");
    }
    switch (type) {
      case S3 -> {
        if (endpoint == null || endpoint.isBlank()) {
          problems.add(p + "missing endpoint (e.g. endpoint: http://127.0.0.1:9000)");
        } else if (!isHttpUrl(endpoint)) {
          problems.add(p + "endpoint must be an http:// or https:// URL, got '" + endpoint + "'");
        }
        if ((accessKey == null) != (secretKey == null)) {
          problems.add(
              p
                  + (accessKey == null ? "missing accessKey" : "missing secretKey")
                  + " (set both, or neither for anonymous access)");
        }
        if (partSize != 0 && (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE)) {
          problems.add(p + "partSize must be between 5MiB and 5GiB, got " + partSize + " bytes");
        }
        if (root != null) {
          problems.add(p + "root applies only to type file; remove it");
        }
      }
      case FILE -> {
        if (root == null) {
          problems.add(p + "missing root (the directory this profile's paths are relative to)");
        } else if (!root.isAbsolute()) {
          problems.add(p + "root must be an absolute path, got '" + root + "'");
        }
        if (endpoint != null || accessKey != null || secretKey != null || region != null) {
          problems.add(p + "endpoint, region and keys apply only to type s3; remove them");
        }
      }
      case SYNTHETIC, DISCARD -> {
        if (endpoint != null || accessKey != null || secretKey != null || region != null) {
          problems.add(p + "endpoint, region and keys apply only to type s3; remove them");
        }
        if (root != null) {
          problems.add(p + "root applies only to type file; remove it");
        }
        if (type == BackendType.SYNTHETIC && (count < 0 || count >= 1_000_000_000L)) {
          problems.add(p + "count must be within 0..999999999, got " + count);
        }
      }
    }
    return problems;
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** Shows the profile with its keys masked. */
  @Override
  public String toString() {
    return "BackendProfile[name="
        + name
        + ", type="
        + (type == null ? null : type.id())
        + ", endpoint="
        + endpoint
        + ", region="
        + region
        + ", accessKey="
        + mask(accessKey)
        + ", secretKey="
        + mask(secretKey)
        + ", root="
        + root
        + ", partSize="
        + partSize
        + ", count="
        + count
        + ", objectSize="
        + objectSize
        + ", listing="
        + (listing == null ? null : listing.id())
        + "]";
  }

  private static String mask(String secret) {
    return secret == null ? "null" : "***";
  }
}
