package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.workflows.MigrationReport;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: two workers on one task queue share a migration (each takes one activity at a time,
 * so concurrent ranges must land on both); one is killed with SIGKILL and the other finishes.
 */
@Order(3)
@ExtendWith(E2EExtension.class)
class TwoWorkersE2E {
  private static final DataSet DATA = new DataSet(1_100, 16 * 1024, List.of(), 3L);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void twoWorkersShareTheWorkAndOneFinishesAlone(E2EEnvironment env) {
    try (Scenario s = env.scenario("pair")) {
      Manifest source = s.seed(DATA);
      WorkerProcess a = s.worker("a", "--max-activities", "1");
      WorkerProcess b = s.worker("b", "--max-activities", "1");
      long started = System.nanoTime();
      Migration m = s.start("e2e-two-workers", "--mode", "copy", "--concurrency", "4");

      Set<Long> busy = new TreeSet<>();
      Waits.until(
          "both workers to run activities at once",
          Duration.ofMinutes(2),
          Duration.ofMillis(50),
          () -> {
            for (PendingActivityInfo activity : m.pendingActivities()) {
              for (WorkerProcess w : List.of(a, b)) {
                if (activity.getLastWorkerIdentity().contains(String.valueOf(w.pid()))) {
                  busy.add(w.pid());
                }
              }
            }
            return busy.size() == 2;
          });
      int atKill = s.arrived(source);
      assertTrue(atKill < source.size(), "copy finished before the kill");
      a.kill9();

      MigrationReport report = m.awaitReport(Duration.ofMinutes(4));
      List<Path> histories = m.exportHistories();
      double seconds = (System.nanoTime() - started) / 1e9;
      b.assertAlive();
      List<String> identities = activityWorkers(histories);
      for (WorkerProcess w : List.of(a, b)) {
        assertTrue(
            identities.stream().anyMatch(i -> i.contains(String.valueOf(w.pid()))),
            w + " ran no activity; activity workers in history: " + identities);
      }
      E2EReport.line(
          "scenario 3 (two workers): %d objects, workers %s and %s both ran activities (%s),"
              + " killed %s with %d objects copied, %s finished, %.1f s, final %s",
          source.size(), a, b, identities, a, atKill, b, seconds, report.progress());
      Outcome.assertCopied(s, source, report);
      Outcome.assertMetadataCarried(s, source);
    }
  }

  /** The distinct identities of the workers that started activities, from exported histories. */
  static List<String> activityWorkers(List<Path> histories) {
    Set<String> identities = new TreeSet<>();
    for (Path file : histories) {
      try {
        for (JsonNode event : JSON.readTree(file.toFile()).path("events")) {
          JsonNode started = event.path("activityTaskStartedEventAttributes");
          if (!started.isMissingNode()) {
            identities.add(started.path("identity").asText());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ArrayList<>(identities);
  }
}
