package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.workflows.MigrationReport;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1: a MOVE of 2,003 objects (three of 32-40 MiB) survives repeated SIGKILL of its only
 * worker, once while a large object is mid-transfer, and ends byte-for-byte with exact counters;
 * between S3Proxy servers, and again between versitygw servers (another implementation, another
 * listing and multipart code path on the server side).
 */
@Order(1)
@ExtendWith(E2EExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerCrashE2E {
  static final DataSet DATA =
      new DataSet(2_000, 32 * 1024, List.of(32L << 20, 36L << 20, 40L << 20), 20261125L);
  private static final int KILLS = 3;

  @Test
  @Order(1)
  void moveSurvivesKill9OfTheWorkerAtRandomMoments(E2EEnvironment env) {
    try (Scenario s = env.scenario("crash")) {
      moveSurvivesKill9(s, "e2e-worker-crash", "scenario 1 (worker kill -9, S3Proxy)");
    }
  }

  @Test
  @Order(2)
  void moveBetweenVersitygwServersSurvivesKill9OfTheWorker(E2EEnvironment env) {
    try (Scenario s = env.scenarioOnVersitygw("crash-vgw")) {
      moveSurvivesKill9(s, "e2e-worker-crash-versitygw", "scenario 1b (worker kill -9, versitygw)");
    }
  }

  /** Two large objects and a few small ones: a graceful stop while one is in transfer. */
  private static final DataSet STOP_DATA =
      new DataSet(40, 32 * 1024, List.of(40L << 20, 48L << 20), 20261205L);

  /**
   * SIGTERM of the worker while a large object is in transfer: the transfer finishes within the
   * worker's grace (before, its next heartbeat threw and cut it off, which with --max-retries 0
   * failed the object), and a worker started again finishes the copy exactly.
   */
  @Test
  @Order(3)
  void aWorkerStoppedBySigtermFinishesTheObjectInTransfer(E2EEnvironment env) {
    try (Scenario s = env.scenario("stop")) {
      Manifest source = s.seed(STOP_DATA);
      WorkerProcess worker = s.worker("w", "--max-activities", "2");
      Migration m = s.start("e2e-worker-stop", "--concurrency", "2", "--max-retries", "0");

      String big = awaitLargeObjectInTransfer(s, m, STOP_DATA, Duration.ofMinutes(2));
      worker.terminate(60);
      assertTrue(
          s.destination().exists(s.destinationBucket(), big),
          big + " was not complete at the destination when the stopped worker exited");
      worker.restart();

      MigrationReport report = m.awaitReport(Duration.ofMinutes(4));
      E2EReport.line(
          "worker SIGTERM while %s was in transfer: it completed before the worker exited; final %s",
          big, report.progress());
      Outcome.assertCopied(s, source, report);
    }
  }

  private static void moveSurvivesKill9(Scenario s, String id, String title) {
    long seed = Long.getLong("ferry.e2e.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    Manifest source = s.seed(DATA);
    WorkerProcess worker = s.worker("w", "--max-activities", "4");
    long started = System.nanoTime();
    Migration m = s.start(id, "--mode", "move", "--concurrency", "4");
    List<String> kills = new ArrayList<>();

    String big = awaitLargeObjectInTransfer(s, m, DATA, Duration.ofMinutes(2));
    worker.kill9();
    assertFalse(
        s.destination().exists(s.destinationBucket(), big),
        big + " was complete at the destination when the worker died; not a mid-object kill");
    kills.add("kill 1 while " + big + " was mid-transfer");
    worker.restart();

    while (kills.size() < KILLS) {
      int before = moved(s, source);
      Waits.until(
          "objects to move again after restart " + kills.size(),
          Duration.ofMinutes(2),
          Duration.ofMillis(200),
          () -> moved(s, source) > before);
      Waits.sleep(Duration.ofMillis(random.nextInt(2_000)));
      assertTrue(
          m.status() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
          "migration ended after only " + kills.size() + " kills: " + kills);
      worker.kill9();
      kills.add("kill " + (kills.size() + 1) + " after " + moved(s, source) + " objects moved");
      worker.restart();
    }

    MigrationReport report = m.awaitReport(Duration.ofMinutes(6));
    m.exportHistories();
    double seconds = (System.nanoTime() - started) / 1e9;
    E2EReport.line(
        "%s: %d objects, %d bytes, %d kills %s, worker pids %s, %.1f s,"
            + " seed %d, unfinished uploads left at the destination %s, final %s",
        title,
        source.size(),
        source.bytes(),
        kills.size(),
        kills,
        worker.pids(),
        seconds,
        seed,
        s.destination().unfinishedUploads(s.destinationBucket()),
        report.progress());
    Outcome.assertMoved(s, source, report);
    worker.assertAlive();
    Outcome.assertMetadataCarried(s, source);
  }

  /**
   * Waits until a large object is provably mid-transfer: the destination server holds an unfinished
   * multipart upload for it, or a pending activity's heartbeat names it, while it is not yet
   * visible there.
   */
  static String awaitLargeObjectInTransfer(
      Scenario s, Migration m, DataSet data, Duration timeout) {
    String[] found = new String[1];
    Waits.until(
        "a large object to be mid-transfer",
        timeout,
        Duration.ofMillis(20),
        () -> {
          Optional<String> key = largeObjectInTransfer(s, m, data);
          key.ifPresent(k -> found[0] = k);
          return key.isPresent();
        });
    return found[0];
  }

  private static Optional<String> largeObjectInTransfer(Scenario s, Migration m, DataSet data) {
    for (String key : s.destination().unfinishedUploads(s.destinationBucket())) {
      if (key.startsWith(DataSet.BIG_PREFIX)
          && !s.destination().exists(s.destinationBucket(), key)) {
        return Optional.of(key);
      }
    }
    for (PendingActivityInfo activity : m.pendingActivities()) {
      String details = Migration.heartbeatText(activity);
      for (DataSet.Spec spec : data.specs()) {
        if (spec.big()
            && details.contains("\"" + spec.key() + "\"")
            && !s.destination().exists(s.destinationBucket(), spec.key())) {
          return Optional.of(spec.key());
        }
      }
    }
    return Optional.empty();
  }

  /** Objects that reached the destination or left the source: progress seen from outside. */
  private static int moved(Scenario s, Manifest source) {
    return s.arrived(source) + source.size() - s.remaining(source);
  }
}
