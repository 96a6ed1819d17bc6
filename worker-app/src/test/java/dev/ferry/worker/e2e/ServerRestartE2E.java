package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.workflows.MigrationReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: SIGKILL of the Temporal server in the middle of a migration, then a restart on the
 * same SQLite file and ports; the worker reconnects and the migration completes exactly.
 */
@Order(2)
@ExtendWith(E2EExtension.class)
class ServerRestartE2E {
  private static final DataSet DATA = new DataSet(600, 48 * 1024, List.of(33L << 20), 2L);

  @Test
  void migrationSurvivesKill9OfTheTemporalServer(E2EEnvironment env) {
    try (Scenario s = env.scenario("restart")) {
      Manifest source = s.seed(DATA);
      s.worker("w", "--max-activities", "2");
      long started = System.nanoTime();
      Migration m = s.start("e2e-server-restart", "--mode", "move", "--concurrency", "2");

      Waits.until(
          "the first objects to arrive",
          Duration.ofMinutes(1),
          Duration.ofMillis(50),
          () -> s.arrived(source) > 0);
      int atDestination = s.arrived(source);
      assertTrue(atDestination < source.size(), "migration already done before the kill");
      long serverPid = env.temporal().pid();
      env.temporal().kill9();
      Waits.sleep(Duration.ofSeconds(2));
      env.temporal().restart();

      MigrationReport report = m.awaitReport(Duration.ofMinutes(5));
      m.exportHistories();
      double seconds = (System.nanoTime() - started) / 1e9;
      E2EReport.line(
          "scenario 2 (server kill -9): %d objects, server pid %d killed with %d objects at the"
              + " destination, restarted as pid %d on the same SQLite file, %.1f s, final %s",
          source.size(),
          serverPid,
          atDestination,
          env.temporal().pid(),
          seconds,
          report.progress());
      Outcome.assertMoved(s, source, report);
      Outcome.assertMetadataCarried(s, source);
    }
  }
}
