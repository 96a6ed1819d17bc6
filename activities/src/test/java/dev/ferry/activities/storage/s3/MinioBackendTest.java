package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageBackendContract;
import dev.ferry.activities.testing.MinioServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance suite against MinIO; skipped unless a {@code minio} binary is on the PATH. */
class MinioBackendTest extends StorageBackendContract {
  @RegisterExtension static final MinioServer MINIO = new MinioServer();

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3Connection connection;

  @BeforeAll
  static void connect() {
    connection = S3Connection.create(MINIO.profile("minio"));
  }

  @AfterAll
  static void disconnect() {
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  protected StorageBackend newBackend() {
    String bucket = "contract-" + BUCKETS.incrementAndGet();
    MINIO.createBucket(bucket);
    return S3Backend.create(connection, bucket, "p", "s3 minio:" + bucket + "/p");
  }
}
