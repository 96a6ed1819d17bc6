package dev.ferry.activities.storage.azure;

import dev.ferry.activities.storage.BackendOption;
import dev.ferry.activities.storage.BackendOption.Kind;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.LocationShape;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.TagsOption;
import java.net.URI;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code type: azure}: Azure Blob Storage (or Azurite), with locations {@code
 * NAME:CONTAINER/PREFIX} and exactly one of a shared key, a SAS token or a connection string.
 */
public final class AzureType implements BackendType {
  /**
   * Block size used when a profile sets none: 8 MiB, as S3's part size. With {@link
   * AzureBackend#PARALLEL_BLOCKS} blocks in flight a transfer holds about 40 MiB.
   */
  public static final long DEFAULT_BLOCK_SIZE = 8L << 20;

  /** The smallest block size a profile may set. */
  static final long MIN_BLOCK_SIZE = 1L << 20;

  /**
   * The largest block ferry takes: a block is held in memory as one array, which Java caps below 2
   * GiB (Azure itself accepts up to 4000 MiB).
   */
  static final long MAX_BLOCK_SIZE = 2047L << 20;

  /** The one instance, as the registry lists it. */
  public static final AzureType TYPE = new AzureType();

  private static final List<String> AUTH = List.of("key", "sasToken", "connectionString");

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Azure's container names: 3-63 of a-z, 0-9 and '-', no "--", alphanumeric at both ends. */
  private static final Pattern CONTAINER =
      Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

  /** The tiers a block blob can be written in, as options are written: in lower case. */
  private static final List<String> ACCESS_TIERS = List.of("hot", "cool", "cold", "archive");

  private static final List<BackendOption> OPTIONS =
      List.of(
          BackendOption.of("account", Kind.TEXT, "the storage account name, e.g. account: mydata")
              .asRequired(),
          BackendOption.of("key", Kind.TEXT, "the account's shared key, e.g. ${AZURE_KEY}")
              .asSecret(),
          BackendOption.of("sasToken", Kind.TEXT, "a SAS token instead of the key").asSecret(),
          BackendOption.of("connectionString", Kind.TEXT, "a connection string instead of the key")
              .asSecret(),
          BackendOption.of(
              "endpoint",
              Kind.URL,
              "the blob service URL, default https://ACCOUNT.blob.core.windows.net; for Azurite"
                  + " http://127.0.0.1:10000/ACCOUNT"),
          BackendOption.of(
                  "blockSize",
                  Kind.SIZE,
                  "bytes per staged block of a large blob, 1MiB to 2047MiB; memory per transfer"
                      + " is about five blocks")
              .withDefault(DEFAULT_BLOCK_SIZE),
          TagsOption.option(
              "blob index tags: copy (read them at a source and write them at a destination,"
                  + " which needs the Storage Blob Data Owner role, or a SAS with the t"
                  + " permission) or ignore"),
          BackendOption.choice(
              "accessTier",
              "the access tier of the blobs ferry writes here: hot, cool, cold or archive;"
                  + " without it, the account's default",
              null,
              ACCESS_TIERS));

  private AzureType() {}

  /** A profile for an account with a shared key at {@code endpoint}, for code and tests. */
  public static BackendProfile profile(
      String name, String account, String key, String endpoint, long blockSize) {
    Map<String, Object> values = new HashMap<>();
    values.put("account", account);
    values.put("key", key);
    values.put("endpoint", endpoint);
    values.put("blockSize", blockSize > 0 ? blockSize : null);
    values.values().removeIf(Objects::isNull);
    return BackendProfile.of(name, TYPE, values);
  }

  @Override
  public String name() {
    return "azure";
  }

  @Override
  public String description() {
    return "Azure Blob Storage; locations NAME:CONTAINER/PREFIX";
  }

  /** Azure garbage-collects uncommitted blocks; there is no upload to list or abort. */
  @Override
  public String noIncompleteUploadsReason() {
    return "Azure discards uncommitted blocks after 7 days";
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
    List<String> set = AUTH.stream().filter(profile::has).toList();
    if (set.size() != 1) {
      problems.add(
          prefix
              + "set exactly one of key, sasToken or connectionString"
              + (set.isEmpty() ? "" : " (found " + String.join(" and ", set) + ")"));
    }
    if (profile.has("key") && !isBase64(profile.text("key"))) {
      // Never quoted: it is a secret, even when mistyped.
      problems.add(
          prefix
              + "key is not base64; an account key is the base64 string the portal lists under"
              + " Access keys");
    }
    if (profile.has("connectionString")) {
      String problem = connectionStringProblem(profile.text("connectionString"));
      if (problem != null) {
        problems.add(prefix + problem);
      }
    }
    if (profile.has("endpoint") && namesNoAccount(profile.text("endpoint"))) {
      String endpoint = profile.text("endpoint").replaceAll("/+$", "");
      String account = profile.has("account") ? profile.text("account") : "ACCOUNT";
      problems.add(
          prefix
              + "endpoint "
              + endpoint
              + " names no account; an emulator's endpoint ends with it, e.g. "
              + endpoint
              + "/"
              + account);
    }
    long blockSize = profile.number("blockSize");
    if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
      problems.add(
          prefix + "blockSize must be between 1MiB and 2047MiB, got " + blockSize + " bytes");
    }
  }

  /**
   * Whether {@code endpoint} is a local emulator's (localhost or an IP address) without a path: the
   * account is then in neither the host name nor the path, and every request fails with an answer
   * that does not say so (Azurite: {@code 400 OutOfRangeInput}, or 404 with a prefix).
   */
  static boolean namesNoAccount(String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      return false; // the config parser names a malformed URL itself
    }
    String host = uri.getHost();
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
    return host != null
        && path.isEmpty()
        && (host.equals("localhost") || host.startsWith("[") || IPV4.matcher(host).matches());
  }

  /**
   * What is wrong with a connection string, never quoting it (it holds a secret), or null. The
   * Azure client refused such strings only when a migration used them, with a bare {@code
   * IllegalArgumentException}, some after retrying as if the store were down.
   */
  static String connectionStringProblem(String connectionString) {
    Map<String, String> fields = new HashMap<>();
    for (String part : connectionString.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        return "connectionString is not NAME=VALUE fields joined by ';'; copy it whole from the"
            + " portal's Access keys page";
      }
      fields.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
    }
    if ("true".equalsIgnoreCase(fields.get("UseDevelopmentStorage"))) {
      return null;
    }
    if (fields.containsKey("AccountKey")) {
      return isBase64(fields.get("AccountKey"))
          ? null
          : "connectionString's AccountKey is not base64; copy the string whole from the portal's"
              + " Access keys page";
    }
    return fields.containsKey("SharedAccessSignature")
        ? null
        : "connectionString holds neither AccountKey nor SharedAccessSignature; copy it whole from"
            + " the portal's Access keys page";
  }

  private static boolean isBase64(String key) {
    try {
      Base64.getDecoder().decode(key);
      return !key.isEmpty();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Azure's container naming rules, checked before any request is made. */
  @Override
  public void checkLocation(BackendProfile profile, String container, String path) {
    if (container == null || !CONTAINER.matcher(container).matches()) {
      throw new IllegalArgumentException(
          "container name '"
              + container
              + "' is not valid; Azure container names have 3 to 63 lowercase letters, digits"
              + " and single hyphens, and start and end with a letter or digit");
    }
  }

  /** One {@link AzureConnection} per profile: a client every backend on it shares. */
  @Override
  public Connected connect(BackendProfile profile) {
    AzureConnection connection = AzureConnection.create(profile);
    return new Connected() {
      @Override
      public StorageBackend open(String container, String prefix, String description) {
        return AzureBackend.create(connection, container, prefix, description);
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }
}
