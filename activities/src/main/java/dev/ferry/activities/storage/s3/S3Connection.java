package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.TagsOption;
import io.minio.MinioAsyncClient;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * One S3 client for one endpoint and account, shared by every backend (bucket and prefix) opened on
 * it, so connections are pooled and reused across transfers.
 *
 * <p>Thread-safe. Holds the credentials only inside the client; {@link #toString()} shows the
 * endpoint alone.
 */
public final class S3Connection implements AutoCloseable {
  private final MinioAsyncClient client;
  private final MinioAsyncClient selfSigning;
  private final ObjectCalls objectCalls;
  private final ExactKeyCalls exactKeyCalls;
  private final String endpoint;
  private final String account;
  private final long partSize;
  private final S3Listing listing;
  private final boolean copiesTags;
  private final String storageClass;
  private final Map<String, S3Listing> chosenListings = new ConcurrentHashMap<>();

  private S3Connection(
      MinioAsyncClient client,
      MinioAsyncClient selfSigning,
      ObjectCalls objectCalls,
      ExactKeyCalls exactKeyCalls,
      String endpoint,
      String account,
      BackendProfile profile) {
    this.client = client;
    this.selfSigning = selfSigning;
    this.objectCalls = objectCalls;
    this.exactKeyCalls = exactKeyCalls;
    this.endpoint = endpoint;
    this.account = account;
    this.partSize = profile.number("partSize");
    this.listing = S3Listing.fromId(profile.text("listing"));
    this.copiesTags = TagsOption.copies(profile);
    this.storageClass = profile.text("storageClass");
  }

  /**
   * Connects lazily (no request is made here) to the store a profile describes.
   *
   * @throws IllegalArgumentException when the profile is not an s3 profile
   */
  public static S3Connection create(BackendProfile profile) {
    return create(profile, null);
  }

  /** As {@link #create(BackendProfile)}, with {@code observer} seeing every request first. */
  static S3Connection create(BackendProfile profile, Interceptor observer) {
    if (profile.type() != S3Type.TYPE) {
      throw new IllegalArgumentException("profile '" + profile.name() + "' is not an s3 profile");
    }
    OkHttpClient http = S3HttpClient.forEndpoint(profile.text("endpoint"));
    if (observer != null) {
      http = http.newBuilder().addInterceptor(observer).build();
    }
    MinioAsyncClient.Builder selfSigningBuilder = builder(profile, http);
    if (profile.text("accessKey") != null) {
      selfSigningBuilder.credentials(profile.text("accessKey"), profile.text("secretKey"));
    }
    MinioAsyncClient selfSigning = selfSigningBuilder.build();
    MinioAsyncClient client = selfSigning;
    ObjectCalls objectCalls = null;
    ExactKeyCalls exactKeyCalls = null;
    if (profile.text("accessKey") != null && profile.text("region") != null) {
      // Requests go out unsigned from the client and are signed on their way (see SigV4Signer).
      // Without a configured region the client must ask the store for it, so it signs itself.
      SigV4Signer signer =
          new SigV4Signer(
              profile.text("region"),
              profile.text("accessKey"),
              profile.text("secretKey"),
              Clock.systemUTC());
      OkHttpClient signing = http.newBuilder().addInterceptor(signer).build();
      client = builder(profile, signing).build();
      objectCalls = new ObjectCalls(signing, profile.text("endpoint"), profile.text("region"));
      exactKeyCalls =
          new ExactKeyCalls(
              profile.text("endpoint"), profile.text("region"), signer, Clock.systemUTC());
    }
    String account =
        profile.text("endpoint")
            + "\n"
            + profile.text("accessKey")
            + "\n"
            + fingerprint(profile.text("secretKey"));
    return new S3Connection(
        client,
        selfSigning,
        objectCalls,
        exactKeyCalls,
        profile.text("endpoint"),
        account,
        profile);
  }

  /** A client for the profile's endpoint and region over {@code http}, without credentials. */
  private static MinioAsyncClient.Builder builder(BackendProfile profile, OkHttpClient http) {
    MinioAsyncClient.Builder builder =
        MinioAsyncClient.builder().endpoint(profile.text("endpoint")).httpClient(http, true);
    if (profile.text("region") != null) {
      builder.region(profile.text("region"));
    }
    return builder;
  }

  MinioAsyncClient client() {
    return client;
  }

  /**
   * Blocking GETs and single PUTs, when requests are signed on their way (a region is configured);
   * otherwise null, and the MinIO client makes them.
   */
  ObjectCalls objectCalls() {
    return objectCalls;
  }

  /**
   * Requests for keys the clients would send to another path (see {@link ExactKeys}), when a region
   * is configured; otherwise null, and such keys cannot be sent.
   */
  ExactKeyCalls exactKeyCalls() {
    return exactKeyCalls;
  }

  /**
   * The calls that send {@code key} (a key the clients would rewrite, see {@link ExactKeys})
   * exactly, for the backend {@code where}: for reads and deletes of keys a listing named, which a
   * store holds as they are.
   *
   * @throws PermanentStorageException when the profile has no region, which they need to sign
   */
  ExactKeyCalls exactKeyCalls(String where, String key) {
    if (exactKeyCalls == null) {
      throw new PermanentStorageException(
          where
              + ": "
              + key
              + ": a key with a '.' or '..' segment, a '//' or a leading '/' is sent exactly only"
              + " when the profile sets its region; add region to the profile");
    }
    return exactKeyCalls;
  }

  /**
   * The blocking reads of {@code object}, the backend {@code where}'s {@code key}: by exact path
   * where the clients would rewrite it, else plain calls; null when the MinIO client signs itself
   * (no region configured) and so makes them.
   */
  ObjectReads reads(String where, String key, String object) {
    return ExactKeys.rewrittenByClient(object) ? exactKeyCalls(where, key) : objectCalls;
  }

  /**
   * As {@link #exactKeyCalls(String, String)}, to write {@code key} under {@code prefix} of {@code
   * bucket}: only where the store keeps such paths as sent (see {@link ExactKeyCalls#keepsPaths}).
   *
   * @throws PermanentStorageException also when the store resolves such paths itself, and so cannot
   *     hold the key
   */
  ExactKeyCalls exactKeyCallsToWrite(String where, String bucket, String prefix, String key) {
    ExactKeyCalls calls = exactKeyCalls(where, key);
    boolean keeps;
    try {
      keeps = calls.keepsPaths(bucket, prefix);
    } catch (IOException | MinioException e) {
      throw S3Errors.classify(where, key + ": probing how the store treats '.', '..' and '//'", e);
    }
    if (!keeps) {
      throw new PermanentStorageException(
          where
              + ": "
              + key
              + ": this store resolves '.', '..' and '//' in paths itself (and drops a leading"
              + " '/'), so it cannot hold the key as it is; left out rather than written as"
              + " another key");
    }
    return calls;
  }

  /**
   * The client that signs its own requests, for multipart uploads: their parts carry a CRC32C, not
   * a {@code Content-MD5}, and the MinIO client sends a body without an MD5 only when it signs it.
   */
  MinioAsyncClient partsClient() {
    return selfSigning;
  }

  String endpoint() {
    return endpoint;
  }

  long partSize() {
    return partSize;
  }

  S3Listing listing() {
    return listing;
  }

  /** Whether objects' tags are read from this store and written into it ({@code tags: copy}). */
  boolean copiesTags() {
    return copiesTags;
  }

  /** The storage class objects written here get ({@code x-amz-storage-class}), or null. */
  String storageClass() {
    return storageClass;
  }

  /**
   * The listing chosen for {@code location} (bucket and prefix), asking {@code choose} the first
   * time; every backend on this connection then lists that location the same way.
   */
  S3Listing listingOf(String location, Supplier<S3Listing> choose) {
    S3Listing chosen = chosenListings.get(location);
    if (chosen == null) {
      chosen = choose.get();
      chosenListings.put(location, chosen);
    }
    return chosen;
  }

  /** Whether both connections reach the same endpoint with the same credentials. */
  boolean sameAccount(S3Connection other) {
    return account.equals(other.account);
  }

  @Override
  public void close() {
    close(client);
    close(selfSigning);
  }

  private static void close(MinioAsyncClient client) {
    try {
      client.close();
    } catch (Exception ignored) {
      // Closing only releases pooled connections and threads.
    }
  }

  @Override
  public String toString() {
    return "S3Connection[" + endpoint + "]";
  }

  private static String fingerprint(String secret) {
    if (secret == null) {
      return "anonymous";
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
