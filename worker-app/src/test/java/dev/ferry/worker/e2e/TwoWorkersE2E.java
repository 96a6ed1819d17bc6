package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.workflows.MigrationReport;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
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

      // Each worker takes one activity at a time: wait until both hold one, with objects moving.
      // Then freeze the worker about to die and read, from the server, the activity it holds: a
      // frozen worker cannot finish it between that read and the kill, as a live one could.
      Map<Long, String> running = new TreeMap<>();
      AtomicReference<String> orphaned = new AtomicReference<>();
      Waits.until(
          "both workers to run activities at once, with objects arriving",
          Duration.ofMinutes(2),
          Duration.ofMillis(50),
          () -> {
            running.clear();
            List<PendingActivityInfo> pending = m.pendingActivities();
            for (WorkerProcess w : List.of(a, b)) {
              startedBy(pending, w).ifPresent(id -> running.put(w.pid(), id));
            }
            if (running.size() < 2 || s.arrived(source) == 0) {
              return false;
            }
            a.freeze();
            Waits.sleep(Duration.ofMillis(300)); // a completion already sent lands first
            startedBy(m.pendingActivities(), a).ifPresent(orphaned::set);
            if (orphaned.get() == null) {
              a.thaw();
            }
            return orphaned.get() != null;
          });
      int atKill = s.arrived(source);
      a.kill9();
      assertTrue(atKill < source.size(), "copy finished before the kill");

      MigrationReport report = m.awaitReport(Duration.ofMinutes(4));
      List<Path> histories = m.exportHistories();
      double seconds = (System.nanoTime() - started) / 1e9;
      b.assertAlive();
      // History records an activity's started event only for the attempt that closed it, so the
      // killed worker's attempt shows up as the survivor's retry of the same activity.
      JsonNode finisher = startedEventOf(histories, orphaned.get());
      E2EReport.line(
          "scenario 3 (two workers): %d objects; %s and %s ran activities at once (%s); killed %s"
              + " with %d objects copied; its activity %s was finished by %s on attempt %s;"
              + " %.1f s, final %s",
          source.size(),
          a,
          b,
          running,
          a,
          atKill,
          orphaned.get(),
          finisher.path("identity").asText(),
          finisher.path("attempt").asText(),
          seconds,
          report.progress());
      assertTrue(
          ranBy(finisher.path("identity").asText(), b) && finisher.path("attempt").asInt() >= 2,
          "the killed worker's activity "
              + orphaned.get()
              + " was not retried by "
              + b
              + ": "
              + finisher);
      Outcome.assertCopied(s, source, report);
      Outcome.assertMetadataCarried(s, source);
    }
  }

  /** The activity {@code worker} has started and not finished, as the server sees it. */
  private static Optional<String> startedBy(
      List<PendingActivityInfo> pending, WorkerProcess worker) {
    return pending.stream()
        .filter(
            activity -> activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
        .filter(activity -> ranBy(activity.getLastWorkerIdentity(), worker))
        .map(PendingActivityInfo::getActivityId)
        .findFirst();
  }

  private static boolean ranBy(String identity, WorkerProcess worker) {
    return identity.endsWith(":" + worker.pid()) || identity.startsWith(worker.pid() + "@");
  }

  /**
   * The ActivityTaskStarted event of the activity {@code activityId} in the exported histories: its
   * identity and attempt say which worker finished it, after how many tries.
   */
  static JsonNode startedEventOf(List<Path> histories, String activityId) {
    for (Path file : histories) {
      try {
        JsonNode events = JSON.readTree(file.toFile()).path("events");
        String scheduledId = null;
        for (JsonNode event : events) {
          JsonNode scheduled = event.path("activityTaskScheduledEventAttributes");
          if (activityId.equals(scheduled.path("activityId").asText())) {
            scheduledId = event.path("eventId").asText();
          }
          JsonNode started = event.path("activityTaskStartedEventAttributes");
          if (scheduledId != null
              && scheduledId.equals(started.path("scheduledEventId").asText())) {
            return started;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new AssertionError("activity " + activityId + " never started in " + histories);
  }
}
