package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.BackendOption;
import dev.ferry.activities.storage.BackendOption.Kind;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.LocationShape;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.TagsOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code type: s3}: an S3-compatible object store (AWS S3, MinIO, Ceph, versitygw, ...). */
public final class S3Type implements BackendType {
  /**
   * Part size used when a profile sets none: 8 MiB, as the AWS CLI's. With {@code
   * S3Backend.PARALLEL_PARTS} parts in flight a transfer holds about 40 MiB; a known size above 80
   * GB grows the part to stay within 10,000 parts, and a stream of unknown size is capped at 80 GB.
   */
  public static final long DEFAULT_PART_SIZE = 8L << 20;

  /** The smallest part size S3 accepts. */
  public static final long MIN_PART_SIZE = 5L << 20;

  /**
   * The largest part size ferry takes: a part is held in memory as one array, which Java caps below
   * 2 GiB (S3 itself accepts up to 5 GiB).
   */
  public static final long MAX_PART_SIZE = 2047L << 20;

  /** The one instance, as the registry lists it. */
  public static final S3Type TYPE = new S3Type();

  private static final List<BackendOption> OPTIONS =
      List.of(
          BackendOption.of(
                  "endpoint", Kind.URL, "the store's URL, e.g. endpoint: http://127.0.0.1:9000")
              .asRequired(),
          BackendOption.of(
              "region",
              Kind.TEXT,
              "the region requests are signed for, e.g. us-east-1; without it the client asks"
                  + " the store, and keys with '.' or '..' segments cannot be sent"),
          BackendOption.of("accessKey", Kind.TEXT, "access key; with secretKey, or neither")
              .asSecret(),
          BackendOption.of("secretKey", Kind.TEXT, "secret key, e.g. ${SRC_SECRET_KEY}").asSecret(),
          BackendOption.of(
                  "partSize",
                  Kind.SIZE,
                  "bytes per part of a multipart upload, 5MiB to 2047MiB; memory per transfer is"
                      + " about five parts")
              .withDefault(DEFAULT_PART_SIZE),
          BackendOption.choice(
              "listing",
              "how keys are listed: auto (ferry times both ways per location), flat or"
                  + " directories",
              S3Listing.AUTO.id(),
              Arrays.stream(S3Listing.values()).map(S3Listing::id).toList()),
          TagsOption.option(
              "object tags: copy (read them at a source, which needs s3:GetObjectTagging, and"
                  + " write them at a destination, s3:PutObjectTagging) or ignore"),
          BackendOption.of(
              "storageClass",
              Kind.TEXT,
              "the storage class of the objects ferry writes here, e.g. STANDARD_IA, GLACIER_IR"
                  + " or DEEP_ARCHIVE; without it, the store's default (STANDARD on AWS)"));

  /** What a storage class name may hold: AWS's are upper case and '_', Ceph's its own names. */
  private static final Pattern STORAGE_CLASS = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private S3Type() {}

  /** A profile for an S3 store with the default part size and listing, for code and tests. */
  public static BackendProfile profile(
      String name, String endpoint, String region, String accessKey, String secretKey) {
    return profile(name, endpoint, region, accessKey, secretKey, 0, null);
  }

  /**
   * As {@link #profile(String, String, String, String, String)}, with a part size (0: the default)
   * and a listing (null: auto).
   */
  public static BackendProfile profile(
      String name,
      String endpoint,
      String region,
      String accessKey,
      String secretKey,
      long partSize,
      S3Listing listing) {
    Map<String, Object> values = new HashMap<>();
    values.put("endpoint", endpoint);
    values.put("region", region);
    values.put("accessKey", accessKey);
    values.put("secretKey", secretKey);
    values.put("partSize", partSize > 0 ? partSize : null);
    values.put("listing", listing == null ? null : listing.id());
    values.values().removeIf(java.util.Objects::isNull);
    return BackendProfile.of(name, TYPE, values);
  }

  @Override
  public String name() {
    return "s3";
  }

  @Override
  public String description() {
    return "an S3-compatible object store; locations NAME:BUCKET/PREFIX";
  }

  @Override
  public List<BackendOption> options() {
    return OPTIONS;
  }

  @Override
  public LocationShape shape() {
    return LocationShape.CONTAINER;
  }

  @Override
  public void validate(BackendProfile profile, String prefix, List<String> problems) {
    if (profile.has("accessKey") != profile.has("secretKey")) {
      problems.add(
          prefix
              + (profile.has("accessKey") ? "missing secretKey" : "missing accessKey")
              + " (set both, or neither for anonymous access)");
    }
    long partSize = profile.number("partSize");
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      problems.add(
          prefix + "partSize must be between 5MiB and 2047MiB, got " + partSize + " bytes");
    }
    String storageClass = profile.text("storageClass");
    if (storageClass != null && !STORAGE_CLASS.matcher(storageClass).matches()) {
      problems.add(
          prefix
              + "storageClass must be a storage class name such as STANDARD_IA or GLACIER_IR, got '"
              + storageClass
              + "'");
    }
  }

  /** S3's naming rules, as the MinIO client applies them, checked before any request is made. */
  @Override
  public void checkLocation(BackendProfile profile, String bucket, String path) {
    try {
      io.minio.BucketExistsArgs.builder().bucket(bucket).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bucket name '"
              + bucket
              + "' is not valid; S3 bucket names have 3 to 63 lowercase letters, digits, dots"
              + " and hyphens");
    }
  }

  /** One {@link S3Connection} per profile: a pooled client every backend on it shares. */
  @Override
  public Connected connect(BackendProfile profile) {
    S3Connection connection = S3Connection.create(profile);
    return new Connected() {
      @Override
      public StorageBackend open(String bucket, String prefix, String description) {
        return S3Backend.create(connection, bucket, prefix, description);
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }
}
