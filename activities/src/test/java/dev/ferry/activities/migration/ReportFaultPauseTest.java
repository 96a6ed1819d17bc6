package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.report.ReportParts;
import dev.ferry.activities.report.ReportReader;
import dev.ferry.activities.report.ReportTotals;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.LocationFaultException.Kind;
import dev.ferry.activities.testing.Eventually;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A report whose location as a whole refuses (a full disk) pauses the migration like a full
 * destination: the objects written stand, none counts as failed, and resume completes both the
 * migration and its report. Before, every range failed, and a run that had copied all of its 600
 * files ended "0 copied, 600 failed".
 */
@Timeout(120)
class ReportFaultPauseTest {
  private static final int OBJECTS = 20;

  private MigrationTestEnv env;

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void aFullReportLocationPausesAndResumeCompletesTheMigrationAndItsReport() {
    env = new MigrationTestEnv();
    MemoryBackend source = env.backend("src:b/in", new MemoryBackend("src"));
    MemoryBackend destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.backend("rep:b/r", new MemoryBackend("rep-root"));
    MemoryBackend report =
        env.backend(ReportParts.location("rep:b/r", "rep-full"), new MemoryBackend("rep"));
    env.start();
    MigrationWorkflowTest.fill(source, OBJECTS);
    AtomicBoolean full = new AtomicBoolean();
    AtomicInteger puts = new AtomicInteger();
    report.intercept(
        (op, key) -> {
          // The first range's part is stored; then the disk is full.
          if (op.equals("put") && (full.get() || puts.incrementAndGet() > 1)) {
            full.set(true);
            throw new LocationFaultException(
                Kind.NO_SPACE, "memory rep", "No space left on device (/srv/reports)", true, null);
          }
        });

    MigrationWorkflow wf =
        env.startMigration(
            "rep-full", SideFaultPauseTest.request(Mode.COPY, 2).withReport("rep:b/r"));
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertEquals("report full: No space left on device (/srv/reports)", paused.pausedReason());
    assertEquals(0, paused.objectsFailed(), paused.toString());
    assertTrue(full.get());

    full.set(false);
    report.intercept(null);
    Eventually.await(() -> env.activitiesPending("rep-full"), pending -> pending == 0);
    wf.resume();
    MigrationProgress done = env.result("rep-full").progress();
    assertEquals(MigrationState.COMPLETED, done.state());
    assertEquals(OBJECTS, done.objectsCopied() + done.objectsSkipped(), done.toString());
    assertEquals(0, done.objectsFailed(), done.toString());
    for (String key : source.keys()) {
      assertArrayEquals(source.bytes(key), destination.bytes(key), key);
    }
    ReportTotals totals = ReportReader.of(report).totals();
    assertEquals(done.objectsCopied(), totals.copied(), totals.toString());
    assertEquals(done.objectsSkipped(), totals.skipped(), totals.toString());
  }
}
