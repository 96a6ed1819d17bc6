package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageBackendContract;
import dev.ferry.activities.testing.S3ProxyServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance suite against a real S3 server process (S3Proxy), one bucket per test. */
class S3BackendTest extends StorageBackendContract {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3Connection connection;

  @BeforeAll
  static void connect() {
    connection = S3Connection.create(S3.profile("test"));
  }

  @AfterAll
  static void disconnect() {
    connection.close();
  }

  @Override
  protected StorageBackend newBackend() {
    String bucket = "contract-" + BUCKETS.incrementAndGet();
    S3.createBucket(bucket);
    return S3Backend.create(
        connection, bucket, "some/prefix", "s3 test:" + bucket + "/some/prefix");
  }
}
