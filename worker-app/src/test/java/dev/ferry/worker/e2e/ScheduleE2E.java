package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A recurring migration as a Temporal Schedule every 5 s between two S3 servers: its scheduled runs
 * are real migrations that complete with the destination exact (read back from the server); objects
 * written while it is paused do not move until {@code trigger} runs it at once; {@code unpause}
 * lets due runs start again, without making up those missed; after {@code delete} it is gone for
 * ferry and for Temporal, and starts nothing more. The schedule is observed through the SDK,
 * visibility and the stock CLI, not ferry.
 */
@Order(11)
@ExtendWith(E2EExtension.class)
class ScheduleE2E {
  private static final String NAME = "e2e-sync";
  private static final DataSet DATA = new DataSet(120, 8 * 1024, List.of(), 20261205L);
  private static final int LATER_OBJECTS = 40;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(1);

  /** Two due times of the 5 s schedule and a margin: long enough for a run to have started. */
  private static final Duration QUIET = Duration.ofSeconds(11);

  @Test
  void scheduledRunsMigrateUntilPausedTriggerRunsAtOnceAndDeleteRemovesIt(E2EEnvironment env) {
    long started = System.nanoTime();
    try (Scenario s = env.scenario("schedule")) {
      Manifest first = s.seed(DATA);
      s.worker("w");
      ScheduleClient schedules =
          ScheduleClient.newInstance(
              env.client().getWorkflowServiceStubs(),
              ScheduleClientOptions.newBuilder().setNamespace(E2EEnvironment.NAMESPACE).build());

      assertBadInput(
          s.ferry("schedule", "create", NAME, "--every", "5s", "--from", "nope:x", "--to", s.to()),
          "unknown profile 'nope'");
      assertThrows(ScheduleException.class, () -> schedules.getHandle(NAME).describe());

      s.ferry("schedule", "create", NAME, "--every", "5s", "--from", s.from(), "--to", s.to()).ok();
      assertBadInput(
          s.ferry("schedule", "create", NAME, "--every", "1h", "--from", s.from(), "--to", s.to()),
          "a schedule named '" + NAME + "' already exists");
      JsonNode described = s.ferry("schedule", "describe", NAME, "--json").ok().json();
      assertEquals("5s", described.path("every").asText(), "the duplicate changed it");
      assertEquals("skip", described.path("overlap").asText());
      assertTrue(
          env.temporal().cli().json("schedule", "list").toString().contains("\"" + NAME + "\""),
          "temporal schedule list does not show it");
      Waits.until(
          "the Web UI to list the schedule",
          Duration.ofSeconds(10),
          Duration.ofMillis(250),
          () -> webUiSchedules(env).contains("\"" + NAME + "\""));

      // Two scheduled runs, each a complete migration; the second finds everything in place.
      ScheduleActionResult firstRun = awaitRun(schedules, Instant.EPOCH);
      MigrationReport firstReport = awaitReport(env, firstRun);
      Outcome.assertCopied(s, first, firstReport);
      assertEquals(first.size(), firstReport.progress().objectsCopied(), "copied by run 1");
      MigrationReport secondReport =
          awaitReport(env, awaitRun(schedules, firstRun.getScheduledAt()));
      Outcome.assertCopied(s, first, secondReport);
      assertEquals(first.size(), secondReport.progress().objectsSkipped(), "skipped by run 2");

      // Paused, it starts nothing: objects written now stay away from the destination.
      assertTrue(s.ferry("schedule", "pause", NAME).ok().stdout().startsWith("paused schedule"));
      Instant pausedAt = Instant.now();
      awaitIdle(schedules);
      long runsWhenPaused = info(schedules).getNumActions();
      Manifest later = writeLaterObjects(s);
      Waits.sleep(QUIET);
      assertEquals(runsWhenPaused, info(schedules).getNumActions(), "runs started while paused");
      assertEquals(first.size(), s.arrived(later), "objects that moved while paused");

      // trigger starts a run at once, paused or not, and it moves exactly what is new.
      Instant triggerSent = Instant.now();
      CommandResult trigger = s.ferry("schedule", "trigger", NAME).ok();
      Instant triggerReturned = Instant.now();
      ScheduleActionResult triggered = newestRun(schedules);
      assertEquals(
          "triggered schedule " + NAME + ": started " + runId(triggered),
          trigger.stdout().strip(),
          trigger.describe());
      assertTrue(
          triggered.getStartedAt().isAfter(triggerSent)
              && triggered.getStartedAt().isBefore(triggerReturned),
          "the run did not start while ferry schedule trigger ran: " + triggered.getStartedAt());
      Duration triggerLatency =
          Duration.between(triggered.getScheduledAt(), triggered.getStartedAt());
      MigrationReport triggeredRun = awaitReport(env, triggered);
      Outcome.assertCopied(s, later, triggeredRun);
      MigrationProgress p = triggeredRun.progress();
      assertEquals(LATER_OBJECTS, p.objectsCopied(), "copied by the triggered run: " + p);
      assertEquals(first.size(), p.objectsSkipped(), "skipped by the triggered run: " + p);
      assertEquals(runsWhenPaused + 1, info(schedules).getNumActions(), "runs after the trigger");

      // Unpaused, due runs start again.
      awaitIdle(schedules);
      Instant unpausedAt = Instant.now();
      assertTrue(
          s.ferry("schedule", "unpause", NAME).ok().stdout().startsWith("unpaused schedule"));
      assertTrue(
          s.ferry("schedule", "unpause", NAME).ok().stdout().contains("was not paused; nothing"));
      Outcome.assertCopied(s, later, awaitReport(env, awaitRun(schedules, unpausedAt)));
      List<ScheduleActionResult> dueWhilePaused =
          info(schedules).getRecentActions().stream()
              .filter(r -> r.getScheduledAt().isAfter(pausedAt))
              .filter(r -> r.getScheduledAt().isBefore(unpausedAt))
              .toList();
      assertEquals(1, dueWhilePaused.size(), "runs due while paused (the trigger only)");

      // Deleted, it is gone for ferry and for Temporal, and starts nothing more.
      awaitIdle(schedules);
      s.ferry("schedule", "delete", NAME).ok();
      Instant deletedAt = Instant.now();
      long runsAtDelete = scheduledWorkflows(env);
      assertThrows(ScheduleException.class, () -> schedules.getHandle(NAME).describe());
      assertBadInput(s.ferry("schedule", "describe", NAME), "no schedule named '" + NAME + "'");
      assertFalse(
          s.ferry("schedule", "list").ok().stdout().contains(NAME), "ferry schedule list shows it");
      Duration rest = QUIET.minus(Duration.between(deletedAt, Instant.now()));
      if (!rest.isNegative()) {
        Waits.sleep(rest);
      }
      assertEquals(runsAtDelete, scheduledWorkflows(env), "runs started after delete");
      Outcome.assertSameBytes(s, later);

      E2EReport.line(
          "schedule: every 5s, %d workflows started (2+ scheduled, none in %d s paused, 1"
              + " triggered: started %d ms after the trigger, 'ferry schedule trigger' took %d ms,"
              + " copied %d new objects; 1 after unpause; none in %d s after delete); %.1f s",
          runsAtDelete,
          QUIET.toSeconds(),
          triggerLatency.toMillis(),
          Duration.between(triggerSent, triggerReturned).toMillis(),
          p.objectsCopied(),
          QUIET.toSeconds(),
          (System.nanoTime() - started) / 1e9);
    }
  }

  /** Waits for the first run of the schedule due after {@code after}; returns it. */
  private static ScheduleActionResult awaitRun(ScheduleClient schedules, Instant after) {
    ScheduleActionResult[] run = new ScheduleActionResult[1];
    Waits.until(
        "a run of schedule " + NAME + " due after " + after,
        Duration.ofSeconds(30),
        Duration.ofMillis(250),
        () -> {
          run[0] =
              info(schedules).getRecentActions().stream()
                  .filter(r -> r.getScheduledAt().isAfter(after))
                  .min(Comparator.comparing(ScheduleActionResult::getScheduledAt))
                  .orElse(null);
          return run[0] != null;
        });
    return run[0];
  }

  /** Waits until no run of the schedule is going, as the schedule itself sees it. */
  private static void awaitIdle(ScheduleClient schedules) {
    Waits.until(
        "schedule " + NAME + " to have no running run",
        RUN_TIMEOUT,
        Duration.ofMillis(250),
        () -> info(schedules).getRunningActions().isEmpty());
  }

  private static MigrationReport awaitReport(E2EEnvironment env, ScheduleActionResult run) {
    String id = runId(run);
    assertTrue(id.startsWith(NAME + "-"), "run id " + id + " does not start with the name");
    return new Migration(env, id).awaitReport(RUN_TIMEOUT);
  }

  private static ScheduleInfo info(ScheduleClient schedules) {
    return schedules.getHandle(NAME).describe().getInfo();
  }

  private static ScheduleActionResult newestRun(ScheduleClient schedules) {
    Optional<ScheduleActionResult> newest =
        info(schedules).getRecentActions().stream()
            .max(Comparator.comparing(ScheduleActionResult::getStartedAt));
    return newest.orElseThrow(() -> new AssertionError("schedule " + NAME + " has no runs"));
  }

  private static String runId(ScheduleActionResult run) {
    return ((ScheduleActionExecutionStartWorkflow) run.getAction()).getWorkflowId();
  }

  /** The workflows the schedule started, from visibility (Temporal's own search attribute). */
  private static long scheduledWorkflows(E2EEnvironment env) {
    return env.client().listExecutions("TemporalScheduledById = '" + NAME + "'").count();
  }

  /** What the Web UI's Schedules page loads: its server's list of the namespace's schedules. */
  private static String webUiSchedules(E2EEnvironment env) {
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + env.temporal().uiPort()
                + "/api/v1/namespaces/"
                + E2EEnvironment.NAMESPACE
                + "/schedules");
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), uri + ": " + response.body());
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Adds objects under {@code later/} to the source; returns everything the source then holds. */
  private static Manifest writeLaterObjects(Scenario s) {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < LATER_OBJECTS; i++) {
      byte[] bytes = new byte[random.nextInt(1, 4096)];
      random.nextBytes(bytes);
      s.source()
          .put(
              s.sourceBucket(),
              String.format(Locale.ROOT, "later/obj-%02d.bin", i),
              new ByteArrayInputStream(bytes),
              bytes.length);
    }
    return s.source().read(s.sourceBucket());
  }

  private static void assertBadInput(CommandResult result, String expected) {
    assertEquals(2, result.exitCode(), result.describe());
    assertTrue(result.stderr().contains(expected), result.describe());
  }
}
