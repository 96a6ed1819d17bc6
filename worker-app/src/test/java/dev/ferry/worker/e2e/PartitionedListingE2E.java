package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A source whose listing pages of 200 keys take 100 ms each (6 s for one cursor, so the listing
 * outlasts the kill on any machine) is listed in partitions side by side; kill -9 of the worker and
 * of the Temporal server while partitions are listed changes nothing: every object arrives once,
 * with its bytes, and the counts are exact. The source is the synthetic store, whose objects' bytes
 * are known without ferry; the destination is read back with the MinIO client.
 */
@ExtendWith(E2EExtension.class)
class PartitionedListingE2E {
  private static final int COUNT = 12_000;
  private static final int SIZE = 16;
  private static final int FAN_OUT = 10;

  @Test
  void aPartitionedListingSurvivesAKilledWorkerAndARestartedServerExactly(E2EEnvironment env) {
    try (Scenario s = env.scenario("partitioned")) {
      addSyntheticSource(s.dir().resolve("ferry.yaml"));
      WorkerProcess worker = s.worker("w");
      long started = System.nanoTime();
      s.ferry(
              "start",
              "--from",
              "syn:",
              "--to",
              s.to(),
              "--id",
              "e2e-partitioned",
              "--concurrency",
              "16")
          .ok();
      Migration m = new Migration(env, "e2e-partitioned");

      AtomicReference<MigrationProgress> seen = new AtomicReference<>();
      Waits.until(
          "the listing to split",
          Duration.ofMinutes(2),
          Duration.ofMillis(100),
          () -> {
            m.progress().filter(p -> p.partitionsKnown() > 1).ifPresent(seen::set);
            return seen.get() != null;
          });
      MigrationProgress split = seen.get();
      assertTrue(!split.listingComplete(), "the listing ended before the kill: " + split);
      worker.kill9();
      Waits.sleep(Duration.ofSeconds(1));
      worker.restart();
      Waits.until(
          "more objects after the worker's restart",
          Duration.ofMinutes(2),
          Duration.ofMillis(100),
          () -> m.progress().filter(p -> p.objectsCopied() > split.objectsCopied()).isPresent());
      env.temporal().kill9();
      Waits.sleep(Duration.ofSeconds(2));
      env.temporal().restart();

      MigrationReport report = m.awaitReport(Duration.ofMinutes(5));
      m.exportHistories();
      MigrationProgress end = report.progress();
      E2EReport.line(
          "partitioned listing (200 keys at 100 ms a page): %d objects, worker killed with %d of %d partitions"
              + " listed and %d copied, server restarted; %.1f s, final %d partitions, %s",
          COUNT,
          split.partitionsListed(),
          split.partitionsKnown(),
          split.objectsCopied(),
          (System.nanoTime() - started) / 1e9,
          end.partitionsKnown(),
          end);
      assertEquals(MigrationState.COMPLETED, end.state(), end.toString());
      assertEquals(COUNT, end.objectsTotal(), "each object listed once: " + end);
      assertEquals(COUNT, end.objectsCopied() + end.objectsSkipped(), end.toString());
      assertEquals(0, end.objectsFailed(), end.toString());
      assertEquals(end.partitionsKnown(), end.partitionsListed(), end.toString());

      Manifest arrived = s.destination().read(s.destinationBucket());
      assertEquals(COUNT, arrived.size(), "objects at the destination");
      for (Map.Entry<String, Manifest.Entry> e : arrived.entries().entrySet()) {
        assertEquals(SIZE, e.getValue().size(), e.getKey());
        assertEquals(expectedSha256(e.getKey()), e.getValue().sha256(), e.getKey());
      }
    }
  }

  /** A profile {@code syn} of the synthetic store, slow to list, in the scenario's config. */
  private static void addSyntheticSource(Path config) {
    try {
      Files.writeString(
          config,
          String.join(
              "\n",
              "  syn:",
              "    type: synthetic",
              "    count: " + COUNT,
              "    size: " + SIZE,
              "    shape: nested",
              "    fanOut: " + FAN_OUT,
              "    pageSize: 200",
              "    listLatency: 100ms",
              ""),
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The SHA-256 of the synthetic object whose key ends in its nine-digit index: byte {@code j} is
   * {@code index * 31 + j}, as the synthetic store documents.
   */
  private static String expectedSha256(String key) {
    long index = Long.parseLong(key.substring(key.length() - 9));
    byte[] bytes = new byte[SIZE];
    for (int j = 0; j < SIZE; j++) {
      bytes[j] = (byte) (index * 31 + j);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
