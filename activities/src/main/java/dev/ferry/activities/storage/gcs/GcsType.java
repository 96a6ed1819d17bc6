package dev.ferry.activities.storage.gcs;

import dev.ferry.activities.storage.BackendOption;
import dev.ferry.activities.storage.BackendOption.Kind;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.LocationShape;
import dev.ferry.activities.storage.StorageBackend;
import java.util.List;
import java.util.regex.Pattern;

/** {@code type: gcs}: Google Cloud Storage, or an emulator of its JSON API. */
public final class GcsType implements BackendType {
  /**
   * Bytes per upload request when a profile sets none: 16 MiB, the default of Google's Go client
   * (and so rclone's); half the requests of 8 MiB per resumable upload.
   */
  public static final long DEFAULT_CHUNK_SIZE = 16L << 20;

  /** Resumable uploads move whole multiples of 256 KiB per request. */
  public static final long CHUNK_GRANULE = 256L << 10;

  /** The largest chunk ferry holds in memory per transfer. */
  public static final long MAX_CHUNK_SIZE = 1L << 30;

  /** The one instance, as the registry lists it. */
  public static final GcsType TYPE = new GcsType();

  private static final Pattern BUCKET_COMPONENT = Pattern.compile("[a-z0-9]([a-z0-9_-]*[a-z0-9])?");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  private static final List<BackendOption> OPTIONS =
      List.of(
          BackendOption.of(
              "credentials",
              Kind.PATH,
              "a service account's JSON key file; without it or credentialsJson, the"
                  + " environment's application default credentials (none with an endpoint)"),
          BackendOption.of(
                  "credentialsJson",
                  Kind.TEXT,
                  "the service account's JSON key itself, e.g. ${GCS_KEY_JSON}")
              .asSecret(),
          BackendOption.of(
              "project", Kind.TEXT, "the project id; by default the service account's own"),
          BackendOption.of(
              "endpoint",
              Kind.URL,
              "another JSON API URL, e.g. a local emulator: endpoint: http://127.0.0.1:4443"),
          BackendOption.of(
                  "chunkSize",
                  Kind.SIZE,
                  "bytes per upload request, a multiple of 256KiB up to 1GiB; larger objects are"
                      + " uploaded in chunks of it (up to four at once when their MD5 is known),"
                      + " and it bounds memory per transfer")
              .withDefault(DEFAULT_CHUNK_SIZE),
          BackendOption.choice(
              "storageClass",
              "the storage class of the objects ferry writes here: standard, nearline, coldline"
                  + " or archive; without it, the bucket's default",
              null,
              List.of("standard", "nearline", "coldline", "archive")));

  private GcsType() {}

  /** A profile for an emulator at {@code endpoint}, without credentials, for code and tests. */
  public static BackendProfile emulatorProfile(String name, String endpoint, long chunkSize) {
    return BackendProfile.of(
        name,
        TYPE,
        chunkSize > 0
            ? java.util.Map.of("endpoint", endpoint, "chunkSize", chunkSize)
            : java.util.Map.of("endpoint", endpoint));
  }

  @Override
  public String name() {
    return "gcs";
  }

  @Override
  public String description() {
    return "Google Cloud Storage (JSON API); locations NAME:BUCKET/PREFIX";
  }

  /** Ferry writes through resumable uploads, which GCS lists nowhere. */
  @Override
  public String noIncompleteUploadsReason() {
    return "GCS drops a resumable upload not finished within a week of its start";
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
    if (profile.has("credentials") && profile.has("credentialsJson")) {
      problems.add(prefix + "set credentials or credentialsJson, not both");
    }
    long chunk = profile.number("chunkSize");
    if (chunk < CHUNK_GRANULE || chunk > MAX_CHUNK_SIZE || chunk % CHUNK_GRANULE != 0) {
      problems.add(
          prefix + "chunkSize must be a multiple of 256KiB up to 1GiB, got " + chunk + " bytes");
    }
  }

  /** GCS's bucket naming rules, checked before any request is made. */
  @Override
  public void checkLocation(BackendProfile profile, String bucket, String path) {
    if (!validBucket(bucket)) {
      throw new IllegalArgumentException(
          "bucket name '"
              + bucket
              + "' is not valid; GCS bucket names have 3 to 63 lowercase letters, digits, '-' and"
              + " '_' (up to 222 with dots between parts of 1 to 63), start and end with a letter"
              + " or digit, and neither start with 'goog' nor contain 'google'");
    }
  }

  static boolean validBucket(String bucket) {
    if (bucket == null || bucket.length() < 3 || bucket.length() > 222) {
      return false;
    }
    if (!bucket.contains(".") && bucket.length() > 63) {
      return false;
    }
    if (bucket.startsWith("goog") || bucket.contains("google") || bucket.contains("g00gle")) {
      return false;
    }
    if (IP_ADDRESS.matcher(bucket).matches()) {
      return false;
    }
    for (String component : bucket.split("\\.", -1)) {
      if (component.length() > 63 || !BUCKET_COMPONENT.matcher(component).matches()) {
        return false;
      }
    }
    return true;
  }

  /** One {@link GcsConnection} per profile: a client every backend on it shares. */
  @Override
  public Connected connect(BackendProfile profile) {
    GcsConnection connection = GcsConnection.create(profile);
    return new Connected() {
      @Override
      public StorageBackend open(String bucket, String prefix, String description) {
        return GcsBackend.create(connection, bucket, prefix, description);
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }
}
