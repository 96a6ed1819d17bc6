package dev.ferry.activities.testing;

import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.s3.S3Listing;
import dev.ferry.activities.storage.s3.S3Type;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 server that tests run against, whichever implementation it is; as a JUnit 5 extension
 * it is started before a test class's first test and closed after its last.
 */
public interface S3TestServer extends BeforeAllCallback, AfterAllCallback, AutoCloseable {
  /** The region clients should sign for. */
  String REGION = "us-east-1";

  /** The implementation's name, for messages and test names. */
  String name();

  /** Starts the server (if it is not running) and waits until it accepts connections. */
  void start();

  /** Stops the server process; whatever it keeps on disk stays for a later {@link #start()}. */
  void stop();

  /** Stops the server and deletes its data. */
  @Override
  void close();

  /** {@code http://127.0.0.1:PORT}. */
  String endpoint();

  /** The access key the server accepts. */
  String accessKey();

  /** The secret key the server accepts. */
  String secretKey();

  /** Creates a bucket (S3 bucket naming rules apply: lower case, 3 to 63 characters). */
  void createBucket(String name);

  /** An s3 profile called {@code name} for this server, with its endpoint and credentials. */
  default BackendProfile profile(String name) {
    return profile(name, null);
  }

  /** As {@link #profile(String)}, listing keys as {@code listing} says (null: the default). */
  default BackendProfile profile(String name, S3Listing listing) {
    return S3Type.profile(name, endpoint(), REGION, accessKey(), secretKey(), 0, listing);
  }

  /**
   * An s3 profile called {@code name} for this server, with the smallest part size (so that a few
   * MiB make a multipart upload) and {@code options} (e.g. {@code tags}, {@code storageClass}).
   */
  default BackendProfile profileWith(String name, Map<String, Object> options) {
    Map<String, Object> values = new HashMap<>(options);
    values.put("endpoint", endpoint());
    values.put("region", REGION);
    values.put("accessKey", accessKey());
    values.put("secretKey", secretKey());
    values.put("partSize", S3Type.MIN_PART_SIZE);
    return BackendProfile.of(name, S3Type.TYPE, values);
  }

  /** A MinIO client of this server, to look at what ferry stored apart from ferry. */
  default MinioClient client() {
    return MinioClient.builder()
        .endpoint(endpoint())
        .credentials(accessKey(), secretKey())
        .region(REGION)
        .build();
  }

  /** The keys of {@code bucket} in order, as the server lists them to its own account. */
  default List<String> keys(String bucket) throws Exception {
    List<String> keys = new ArrayList<>();
    for (Result<Item> item :
        client().listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
      keys.add(item.get().objectName());
    }
    return keys;
  }

  @Override
  default void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  default void afterAll(ExtensionContext context) {
    close();
  }
}
