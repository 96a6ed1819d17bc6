package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import io.temporal.worker.WorkerFactory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker that stops gracefully ({@code ferry worker} on SIGTERM) lets transfers finish. */
@Timeout(90)
class WorkerStopTest {
  /** Sleeps 60 ms per 64 KiB read: 3 MiB take about 3 s. */
  private static final class SlowStream extends FilterInputStream {
    private long read;

    SlowStream(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, Math.min(len, 64 * 1024));
      if (n > 0 && (read + n) / (64 * 1024) > read / (64 * 1024)) {
        try {
          Thread.sleep(60);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
      read += Math.max(n, 0);
      return n;
    }
  }

  @Test
  void anObjectInTransferFinishesWhenTheWorkerStops() throws Exception {
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend source = env.backend("src:b/in", new MemoryBackend("src"));
      MemoryBackend stored = new MemoryBackend("dst");
      byte[] data = new byte[3 << 20];
      new Random(7).nextBytes(data);
      source.putBytes("big", data);
      CountDownLatch writing = new CountDownLatch(1);
      env.backend(
          "dst:b/out",
          new ForwardingBackend(stored, "slow destination") {
            @Override
            public ObjectInfo put(String key, InputStream in, long size, ObjectMetadata metadata) {
              if (!key.equals("big")) {
                return super.put(key, in, size, metadata); // preflight's probe
              }
              writing.countDown();
              return super.put(key, new SlowStream(in), size, metadata);
            }
          });
      env.start();
      env.startMigration("worker-stop", MigrationWorkflowTest.copy());
      assertTrue(writing.await(30, TimeUnit.SECONDS), "the copy never started");
      Thread.sleep(1_500); // the transfer heartbeats every second

      WorkerFactory factory = env.testEnvironment().getWorkerFactory();
      factory.shutdown();
      factory.awaitTermination(30, TimeUnit.SECONDS);

      // Before: the next heartbeat threw ActivityWorkerShutdownException and cut the copy off.
      assertArrayEquals(data, stored.bytes("big"), "the stop cut the transfer off");
    }
  }
}
