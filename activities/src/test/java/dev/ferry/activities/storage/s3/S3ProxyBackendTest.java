package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.config.S3Listing;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageBackendContract;
import dev.ferry.activities.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance suite against a real S3 server process (S3Proxy), one bucket per test. */
class S3BackendTest extends StorageBackendContract {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private S3Connection connection;

  /** How the profile under test lists. */
  protected S3Listing listing() {
    return S3Listing.FLAT;
  }

  @AfterEach
  void disconnect() {
    connection.close();
  }

  @Override
  protected StorageBackend newBackend() {
    connection = S3Connection.create(S3.profile("test", listing()));
    String bucket = listing().id() + "-" + BUCKETS.incrementAndGet();
    S3.createBucket(bucket);
    return S3Backend.create(
        connection, bucket, "some/prefix", "s3 test:" + bucket + "/some/prefix");
  }

  /** A content type is carried as the string it is, even one no media-type parser accepts. */
  @Test
  void contentTypesAreKeptVerbatim() {
    for (String type : new String[] {"application/x-ferry", "not-a-media-type"}) {
      backend.put(
          "k", new ByteArrayInputStream(new byte[1]), 1, new ObjectMetadata(type, Map.of()));
      assertEquals(type, backend.stat("k").orElseThrow().contentType());
    }
    backend.put("k", new ByteArrayInputStream(new byte[1]), 1, ObjectMetadata.EMPTY);
    assertEquals("application/octet-stream", backend.stat("k").orElseThrow().contentType());
  }
}
