package dev.ferry.activities.storage.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.InputStreamContent;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.testing.FakeGcsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which requests carry the write timeout, which Google's client pays for with a thread each. */
class GcsTransportTest {
  @RegisterExtension static final FakeGcsServer SERVER = new FakeGcsServer();

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int PUTS = 100;

  @Test
  void smallObjectsAreWrittenWithoutAThreadEach() throws IOException {
    try (BackendType.Connected connected = GcsType.TYPE.connect(SERVER.profile("t", 1 << 20))) {
      SERVER.createBucket("small-puts");
      StorageBackend backend = connected.open("small-puts", "", "gcs test:small-puts");
      backend.put("warm", new ByteArrayInputStream(new byte[10]), 10, ObjectMetadata.EMPTY);
      long before = THREADS.getTotalStartedThreadCount();
      for (int i = 0; i < PUTS; i++) {
        byte[] bytes = new byte[4096];
        backend.put("k" + i, new ByteArrayInputStream(bytes), bytes.length, ObjectMetadata.EMPTY);
      }
      long started = THREADS.getTotalStartedThreadCount() - before;
      assertTrue(started < PUTS / 4, started + " threads started for " + PUTS + " small puts");

      // A streamed body still has its timeout, and so its thread.
      byte[] large = new byte[3 << 20];
      before = THREADS.getTotalStartedThreadCount();
      backend.put("large", new ByteArrayInputStream(large), large.length, ObjectMetadata.EMPTY);
      assertTrue(THREADS.getTotalStartedThreadCount() > before, "no thread timed the large put");
    }
  }

  @Test
  void onlyBodiesThatCannotBlockGoWithoutAWriteTimeout() throws IOException {
    int small = (int) GcsTransport.UNTIMED_BODY;
    assertEquals(0, GcsTransport.writeTimeoutFor(null));
    assertEquals(0, GcsTransport.writeTimeoutFor(new ByteArrayContent(null, new byte[small])));
    assertEquals(
        GcsTransport.WRITE_TIMEOUT_MS,
        GcsTransport.writeTimeoutFor(new ByteArrayContent(null, new byte[small + 1])));
    InputStreamContent unknownLength =
        new InputStreamContent(null, new ByteArrayInputStream(new byte[1]));
    assertEquals(GcsTransport.WRITE_TIMEOUT_MS, GcsTransport.writeTimeoutFor(unknownLength));
  }
}
