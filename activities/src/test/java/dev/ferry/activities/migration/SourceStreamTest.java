package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.FailingStream;
import dev.ferry.activities.testing.MotoServer;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source cut mid-object while a real S3 destination's put reads it: the put's error names the
 * destination ({@code the connection failed}), and the source's failure is found among its causes,
 * so the copy tells it as the source's.
 */
class SourceStreamTest {
  @RegisterExtension static final MotoServer DESTINATION = new MotoServer();

  @Test
  void aSourceReadThatFailsInsideAPutIsTheSourcesFailure() {
    DESTINATION.createBucket("cut");
    byte[] bytes = new byte[64 * 1024];
    try (S3Connection c = S3Connection.create(DESTINATION.profile("dst"))) {
      S3Backend destination = S3Backend.create(c, "cut", "", "s3 dst:cut");
      InputStream source =
          new SourceStream(FailingStream.of(bytes, 10_000), "s3 src:data", "big.bin");
      StorageException e =
          assertThrows(
              StorageException.class,
              () -> destination.put("big.bin", source, bytes.length, ObjectMetadata.EMPTY));
      RetryableStorageException told = SourceStream.failedRead(e);
      assertNotNull(told, "the source's failure is among the causes of: " + e.getMessage());
      assertTrue(told.getMessage().startsWith("s3 src:data: read big.bin: "), told.getMessage());
      assertTrue(destination.stat("big.bin").isEmpty(), "nothing half-written is visible");
    }
  }
}
