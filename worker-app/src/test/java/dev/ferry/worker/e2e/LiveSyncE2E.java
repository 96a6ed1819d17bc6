package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Live migration: a {@code --live --mode sync} migration follows a writer that creates, overwrites
 * and deletes source objects; each catch-up pass moves exactly what the writer did before it; a
 * kill -9 of the worker and of the Temporal server during catch-up passes changes nothing; after
 * {@code ferry cutover} the migration completes with the destination equal to the source, read from
 * both servers. And the {@code --max-delete} guard: a sync that would delete half the destination
 * pauses and deletes nothing until the limit is raised.
 */
@Order(11)
@ExtendWith(E2EExtension.class)
class LiveSyncE2E {
  private static final DataSet DATA = new DataSet(400, 8 * 1024, List.of(), 20261204L);
  private static final Duration PASS_WAIT = Duration.ofSeconds(6);

  @Test
  void catchUpPassesFollowTheWriterSurviveCrashesAndCutOverExactly(E2EEnvironment env)
      throws Exception {
    try (Scenario s = env.scenario("live-sync")) {
      s.seed(DATA);
      for (int i = 0; i < 5; i++) {
        s.destination().putBytes(s.destinationBucket(), "stale/" + i, bytes("stale " + i));
      }
      WorkerProcess worker = s.worker("w", "--max-activities", "8");
      String id = "e2e-live-sync";
      Migration m =
          s.start(id, "--mode", "sync", "--live", "--interval", "6s", "--max-delete", "100%");

      MigrationProgress first =
          m.awaitProgress("the first pass", Duration.ofMinutes(3), p -> p.passesCompleted() >= 1);
      assertEquals(DATA.smallObjects(), first.lastPass().objectsChanged(), first.toString());
      assertEquals(5, first.lastPass().deleted(), first.toString());

      // Writes between passes: the next pass moves exactly them.
      SourceWriter writer = new SourceWriter(s.source(), s.sourceBucket(), 7L);
      for (int window = 0; window < 2; window++) {
        MigrationProgress waiting = awaitLongWait(m);
        SourceWriter.Changes c = writer.batch(30);
        MigrationProgress after =
            m.awaitProgress(
                "the pass after the writes",
                Duration.ofMinutes(2),
                p -> p.passesCompleted() > waiting.passesCompleted());
        String where = "pass " + after.lastPass() + " after writes " + c;
        assertEquals(c.changed(), after.lastPass().objectsChanged(), where);
        assertEquals(c.deleted(), after.lastPass().deleted(), where);
        assertEquals(0, after.lastPass().failed(), where);
        E2EReport.line("live sync: writer did %s; the next pass moved %s", c, after.lastPass());
      }

      // Writes during passes, a worker killed and the server restarted in catch-up passes.
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicReference<SourceWriter.Changes> total =
          new AtomicReference<>(new SourceWriter.Changes(0, 0, 0));
      Thread background =
          new Thread(
              () -> {
                while (writing.get()) {
                  total.set(total.get().plus(writer.batch(3)));
                  Waits.sleep(Duration.ofMillis(300));
                }
              },
              "source-writer");
      background.start();
      MigrationProgress running = awaitCatchUpRunning(m, first.passesCompleted());
      worker.kill9();
      Waits.sleep(Duration.ofSeconds(1));
      worker.restart();
      MigrationProgress runningAgain = awaitCatchUpRunning(m, running.passesCompleted());
      env.temporal().kill9();
      Waits.sleep(Duration.ofSeconds(2));
      env.temporal().restart();
      m.awaitProgress(
          "a pass after the restart",
          Duration.ofMinutes(3),
          p -> p.passesCompleted() > runningAgain.passesCompleted());
      writing.set(false);
      background.join();

      CommandResult cutover = s.ferry("cutover", id).ok();
      assertTrue(cutover.stdout().startsWith("cutover of " + id), cutover.describe());
      MigrationReport report = m.awaitReport(Duration.ofMinutes(4));
      m.exportHistories();
      MigrationProgress end = report.progress();
      E2EReport.line(
          "live sync: %d passes; background writes %s; worker killed in pass %d, server in pass"
              + " %d; final %s; %s",
          end.passesCompleted(),
          total.get(),
          running.pass(),
          runningAgain.pass(),
          end,
          report.message());
      assertEquals(MigrationState.COMPLETED, end.state());
      assertTrue(end.passesCompleted() >= 5, end.toString());
      assertTrue(report.message().startsWith("cutover complete"), report.message());
      Outcome.assertSameBytes(s, s.source().read(s.sourceBucket()));
    }
  }

  @Test
  void aSyncThatWouldDeleteHalfTheDestinationPausesUntilTheLimitIsRaised(E2EEnvironment env) {
    try (Scenario s = env.scenario("sync-guard")) {
      DataSet half = new DataSet(100, 4 * 1024, List.of(), 20261205L);
      Manifest source = s.seed(half);
      s.destination().write(s.destinationBucket(), half);
      for (int i = 0; i < 100; i++) {
        s.destination().putBytes(s.destinationBucket(), "gone/" + i, bytes("gone " + i));
      }
      s.worker("w");
      String id = "e2e-sync-guard";
      Migration m = s.start(id, "--mode", "sync");

      MigrationProgress paused =
          m.awaitProgress(
              "the guard to pause the sync",
              Duration.ofMinutes(2),
              p -> p.state() == MigrationState.PAUSED);
      assertTrue(
          paused.pausedReason().startsWith("would delete 100 objects, limit 10% of 200"),
          paused.pausedReason());
      assertEquals(0, paused.objectsDeleted());
      assertEquals(200, s.destination().keys(s.destinationBucket()).size(), "deleted while paused");

      s.ferry("set-max-delete", id, "50%").ok();
      s.ferry("resume", id).ok();
      MigrationReport report = m.awaitReport(Duration.ofMinutes(2));
      E2EReport.line(
          "sync guard: paused with '%s'; after raising: %s",
          paused.pausedReason(), report.progress());
      assertEquals(100, report.progress().objectsDeleted());
      Outcome.assertSameBytes(s, source);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Waits until the migration waits between passes with most of the wait still ahead. */
  private static MigrationProgress awaitLongWait(Migration m) {
    return m.awaitProgress(
        "a wait between passes",
        Duration.ofMinutes(2),
        p ->
            p.nextPassAt() != null
                && Duration.between(Instant.now(), p.nextPassAt())
                        .compareTo(PASS_WAIT.minusSeconds(2))
                    > 0);
  }

  /**
   * Waits until a catch-up pass after {@code passesCompleted} passes runs with ranges in flight.
   */
  private static MigrationProgress awaitCatchUpRunning(Migration m, int passesCompleted) {
    return m.awaitProgress(
        "a catch-up pass with ranges in flight",
        Duration.ofMinutes(2),
        p ->
            p.passesCompleted() > passesCompleted
                && p.nextPassAt() == null
                && p.state() == MigrationState.RUNNING
                && p.inFlight() > 0);
  }
}
