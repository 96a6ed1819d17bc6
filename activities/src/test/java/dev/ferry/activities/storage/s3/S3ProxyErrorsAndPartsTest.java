package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.testing.S3ProxyServer;
import dev.ferry.activities.testing.S3TestServer;
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

  @Test
  void anObjectRcloneWroteInPartsKnowsItsMd5FromItsMetadata() {
    byte[] md5 = DigestingInputStream.newMd5().digest(new byte[] {1, 2, 3});
    okhttp3.Headers.Builder headers =
        new okhttp3.Headers.Builder()
            .add("ETag", "\"0123456789abcdef0123456789abcdef-3\"")
            .add("Content-Length", "15728640")
            .add("Last-Modified", "Wed, 25 Nov 2026 10:00:00 GMT")
            .add("x-amz-meta-origin", "unit");
    try (S3Connection c = S3Connection.create(server.profile("p"))) {
      S3Backend backend = S3Backend.create(c, "any-bucket", "", "s3 p:any-bucket");
      ObjectInfo plain = backend.info("big", stat(headers.build()));
      assertNull(plain.checksum(), "a multipart ETag is no MD5, and nothing else tells");
      headers.add(
          "x-amz-meta-" + S3Backend.RCLONE_MD5_METADATA,
          java.util.Base64.getEncoder().encodeToString(md5));
      ObjectInfo fromRclone = backend.info("big", stat(headers.build()));
      assertEquals(java.util.HexFormat.of().formatHex(md5), fromRclone.checksum());
      assertTrue(fromRclone.userMetadata().containsKey(S3Backend.RCLONE_MD5_METADATA));
      headers.set("x-amz-meta-" + S3Backend.RCLONE_MD5_METADATA, "not base64 of an MD5");
      assertNull(backend.info("big", stat(headers.build())).checksum());
    }
  }

  private static io.minio.StatObjectResponse stat(okhttp3.Headers headers) {
    return new io.minio.StatObjectResponse(
        new io.minio.HeadObjectResponse(headers, "any-bucket", S3TestServer.REGION, "big"));
  }
}
