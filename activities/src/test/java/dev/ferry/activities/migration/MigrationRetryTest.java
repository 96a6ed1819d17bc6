package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.testing.FailingStream;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import dev.ferry.workflows.Verification;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Transient errors retried with exponential backoff, measured on the time-skipping server. */
@Timeout(120)
class MigrationRetryTest {
  private MigrationTestEnv env;
  private MemoryBackend source;
  private MemoryBackend destination;
  private final List<Long> attempts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
    source = env.backend("src:b/in", new MemoryBackend("src"));
    destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();
    MigrationWorkflowTest.fill(source, 5);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static MigrationRequest request(int maxRetries) {
    return new MigrationRequest(
        "src:b/in",
        "dst:b/out",
        Mode.COPY,
        1,
        Verification.CHECKSUM,
        maxRetries,
        Duration.ofSeconds(1),
        null,
        null,
        IfExists.SKIP_IDENTICAL,
        false,
        100,
        1024 * 1024,
        false);
  }

  /**
   * Fails reading {@code key} the first {@code failures} times a copy does, recording server time.
   * A read ahead (outside the activity's thread) always fails: the copy then reads it itself.
   */
  private void failOpenOf(String key, int failures) {
    source.intercept(
        (op, k) -> {
          if (op.equals("open") && key.equals(k) && activityType() == null) {
            throw new RetryableStorageException("503 slow down, ahead of the copy");
          }
          if (op.equals("open") && key.equals(k)) {
            attempts.add(env.testEnvironment().currentTimeMillis());
            if (attempts.size() <= failures) {
              throw new RetryableStorageException("503 slow down");
            }
          }
        });
  }

  @Test
  void retriesBackOffOneTwoFourSeconds() {
    failOpenOf("dir/k002", 3);
    MigrationReport report = env.run("retry-1", request(5));
    assertEquals(5, report.progress().objectsCopied());
    assertEquals(4, attempts.size());
    long[] gaps = new long[3];
    for (int i = 0; i < 3; i++) {
      gaps[i] = attempts.get(i + 1) - attempts.get(i);
    }
    // The server's retry timers fire exactly; the worker adds milliseconds of real work.
    assertBetween(1_000, gaps[0]);
    assertBetween(2_000, gaps[1]);
    assertBetween(4_000, gaps[2]);
    // The retry resumed after the last finished key: k000 and k001 were written once.
    assertEquals(5 + 1, destination.putCount(), "five objects and the probe");
  }

  private static void assertBetween(long expected, long actual) {
    assertTrue(
        actual >= expected && actual < expected + 500,
        "gap " + actual + " ms, expected about " + expected + " ms");
  }

  @Test
  void anObjectOutOfRetriesIsRecordedAndTheRestGoesOn() {
    failOpenOf("dir/k002", Integer.MAX_VALUE);
    MigrationReport report = env.run("retry-2", request(2));
    MigrationProgress p = report.progress();
    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(4, p.objectsCopied());
    assertEquals(1, p.objectsFailed());
    assertEquals(3, attempts.size(), "maxRetries 2 means three attempts");
    ObjectFailure f = env.stub("retry-2").failures(0, 10).failures().get(0);
    assertEquals("dir/k002", f.key());
    assertEquals(FerryFailures.REASON_RETRIES_EXHAUSTED, f.reason());
    assertEquals(3, f.attempts());
    assertNotNull(report.message());
    assertEquals(null, destination.bytes("dir/k002"));
  }

  @Test
  void aRangeWhoseListingKeepsFailingCountsAllItsObjectsAsFailed() {
    // A first attempt copies from the objects ListRanges left, so reading fails too: every
    // attempt after it lists. The store itself answers (a one-key listing works), so this is no
    // outage that would pause the migration: the range fails.
    env.close();
    env = new MigrationTestEnv();
    MemoryBackend store = new MemoryBackend("src");
    env.backend(
        "src:b/in",
        new ForwardingBackend(store, "src") {
          @Override
          public ListPage list(String startAfter, String lastKey, int maxKeys) {
            if (maxKeys > 1 && "CopyRange".equals(activityType())) {
              throw new RetryableStorageException("connection reset");
            }
            return super.list(startAfter, lastKey, maxKeys);
          }

          @Override
          public InputStream open(String key) {
            if ("CopyRange".equals(activityType())) {
              throw new RetryableStorageException("connection reset");
            }
            return super.open(key);
          }
        });
    env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();
    MigrationWorkflowTest.fill(store, 5);
    MigrationProgress p = env.run("retry-3", request(1)).progress();
    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(5, p.objectsFailed());
    assertEquals(p.objectsTotal(), p.objectsDone());
    ObjectFailure f = env.stub("retry-3").failures(0, 10).failures().get(0);
    assertEquals(FerryFailures.REASON_RANGE_FAILED, f.reason());
    assertTrue(f.message().contains("connection reset"), f.message());
  }

  @Test
  void whatAnAttemptThatDiedWroteToAnEmptyDestinationCountsAsCopied() {
    // The attempt dies after writing k000..k002 and before any heartbeat names them (kill -9, a
    // timeout): its retry finds them identical at a destination preflight found empty.
    env.close();
    env = new MigrationTestEnv();
    env.backend("src:b/in", source);
    MemoryBackend written = new MemoryBackend("dst");
    java.util.concurrent.atomic.AtomicBoolean died =
        new java.util.concurrent.atomic.AtomicBoolean();
    env.backend(
        "dst:b/out",
        new ForwardingBackend(written, "dst") {
          @Override
          public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata meta) {
            if (key.equals("dir/k003") && died.compareAndSet(false, true)) {
              throw new IllegalStateException("the worker died here");
            }
            return super.put(key, data, size, meta);
          }
        });
    env.start();
    MigrationProgress p = env.run("retry-died", request(2)).progress();
    assertTrue(died.get());
    assertEquals(5, p.objectsCopied(), p.toString());
    assertEquals(0, p.objectsSkipped(), p.toString());
    assertEquals(source.keys(), written.keys());
  }

  @Test
  void aSourceCutMidObjectIsToldAsTheSourcesFailureNotTheDestinations() {
    // The destination's put reads the source: its failure was told as the destination's.
    env.close();
    env = new MigrationTestEnv();
    env.backend(
        "src:b/in",
        new ForwardingBackend(source, "memory src") {
          @Override
          public InputStream open(String key) {
            return key.equals("dir/k002")
                ? FailingStream.of(source.bytes(key), 3)
                : super.open(key);
          }
        });
    env.backend("dst:b/out", destination);
    env.start();
    MigrationProgress p = env.run("retry-source-cut", request(0)).progress();
    assertEquals(1, p.objectsFailed(), p.toString());
    ObjectFailure f = env.stub("retry-source-cut").failures(0, 10).failures().get(0);
    assertEquals("dir/k002", f.key());
    assertTrue(f.message().startsWith("memory src: read dir/k002: "), f.message());
  }

  /** The activity type running on this thread, or null outside an activity. */
  static String activityType() {
    try {
      return io.temporal.activity.Activity.getExecutionContext().getInfo().getActivityType();
    } catch (IllegalStateException e) {
      return null;
    }
  }
}
