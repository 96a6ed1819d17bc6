package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Errors and parts against S3Proxy, plus what needs only one server: a restart (S3Proxy keeps its
 * data on disk) and reading a multipart object's MD5 from rclone's metadata.
 */
class S3ProxyErrorsAndPartsTest extends S3ErrorsAndPartsContract {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  S3ProxyErrorsAndPartsTest() {
    super(S3);
  }

  @Test
  void stoppedServerIsRetryable() {
    server.createBucket("stopped");
    try (S3Connection c = S3Connection.create(server.profile("p"))) {
      S3Backend backend = S3Backend.create(c, "stopped", "", "s3 p:stopped");
      backend.list(null, null, 1);
      server.stop();
      try {
        StorageException e =
            assertThrows(RetryableStorageException.class, () -> backend.list(null, null, 1));
        assertFalse(e.getMessage().contains(server.secretKey()));
        assertThrows(RetryableStorageException.class, () -> backend.stat("x"));
      } finally {
        server.start();
      }
      assertTrue(backend.list(null, null, 1).objects().isEmpty());
    }
  }
}
