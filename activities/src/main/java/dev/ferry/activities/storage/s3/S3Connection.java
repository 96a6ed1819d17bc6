package dev.ferry.activities.storage.s3;

import dev.ferry.activities.config.BackendProfile;
import dev.ferry.activities.config.BackendType;
import io.minio.MinioAsyncClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * One S3 client for one endpoint and account, shared by every backend (bucket and prefix) opened on
 * it, so connections are pooled and reused across transfers.
 *
 * <p>Thread-safe. Holds the credentials only inside the client; {@link #toString()} shows the
 * endpoint alone.
 */
public final class S3Connection implements AutoCloseable {
  private static final long CONNECT_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);
  private static final long IO_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);

  private final MinioAsyncClient client;
  private final String endpoint;
  private final String account;
  private final long partSize;

  private S3Connection(MinioAsyncClient client, String endpoint, String account, long partSize) {
    this.client = client;
    this.endpoint = endpoint;
    this.account = account;
    this.partSize = partSize;
  }

  /**
   * Connects lazily (no request is made here) to the store a profile describes.
   *
   * @throws IllegalArgumentException when the profile is not an s3 profile
   */
  public static S3Connection create(BackendProfile profile) {
    if (profile.type() != BackendType.S3) {
      throw new IllegalArgumentException("profile '" + profile.name() + "' is not an s3 profile");
    }
    MinioAsyncClient.Builder builder = MinioAsyncClient.builder().endpoint(profile.endpoint());
    if (profile.region() != null) {
      builder.region(profile.region());
    }
    if (profile.accessKey() != null) {
      builder.credentials(profile.accessKey(), profile.secretKey());
    }
    MinioAsyncClient client = builder.build();
    client.setTimeout(CONNECT_TIMEOUT_MS, IO_TIMEOUT_MS, IO_TIMEOUT_MS);
    String account =
        profile.endpoint() + "\n" + profile.accessKey() + "\n" + fingerprint(profile.secretKey());
    return new S3Connection(client, profile.endpoint(), account, profile.effectivePartSize());
  }

  MinioAsyncClient client() {
    return client;
  }

  String endpoint() {
    return endpoint;
  }

  long partSize() {
    return partSize;
  }

  /** Whether both connections reach the same endpoint with the same credentials. */
  boolean sameAccount(S3Connection other) {
    return account.equals(other.account);
  }

  @Override
  public void close() {
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
