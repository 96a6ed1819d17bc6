package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The source's first listing runs while preflight checks the locations: ranges are ready when
 * copies may start, no copy starts before preflight passed, and bad input still ends in preflight's
 * one refusal rather than a pause for the listing that failed meanwhile.
 */
@Timeout(60)
class PreflightBesideListingTest {
  private final MigrationTestEnv env = new MigrationTestEnv();

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void theSourceIsListedWhilePreflightRunsAndCopiedOnlyAfterIt() {
    MemoryBackend source = env.backend("src:b/in", new MemoryBackend("src"));
    for (int i = 0; i < 10; i++) {
      source.putBytes("k" + i, new byte[] {(byte) i});
    }
    MemoryBackend destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();

    assertEquals(
        10,
        env.run("beside-1", MigrationRequest.of("src:b/in", "dst:b/out"))
            .progress()
            .objectsCopied());
    assertEquals(10, destination.keys().size());

    List<HistoryEvent> events = env.client().fetchHistory("beside-1").getEvents();
    long preflightDone = firstCompletion(events, eventId(events, "Preflight"));
    assertTrue(
        eventId(events, "ListRanges") < preflightDone,
        "the first listing is scheduled before preflight completes");
    assertTrue(
        eventId(events, "CopyRange") > preflightDone, "no copy is scheduled before preflight ends");
  }

  @Test
  void aListingThatFailsWhilePreflightRefusesTheInputDoesNotPauseTheMigration() {
    CountDownLatch listed = new CountDownLatch(1);
    AtomicBoolean listedDuringPreflight = new AtomicBoolean();
    env.backend(
        "src:b/in",
        new ForwardingBackend(new MemoryBackend("src"), "denied") {
          @Override
          public ListPage list(String startAfter, String lastKey, int maxKeys) {
            listed.countDown();
            throw new PermanentStorageException("list: access denied");
          }

          @Override
          public boolean rootExists() {
            // Preflight asks first: let the listing beside it fail and reach the workflow.
            try {
              if (listed.await(10, TimeUnit.SECONDS)) {
                listedDuringPreflight.set(true);
                Thread.sleep(1_000);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return true;
          }
        });
    env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();

    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class,
            () -> env.run("beside-2", MigrationRequest.of("src:b/in", "dst:b/out")));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FerryFailures.PREFLIGHT_REFUSED, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("access denied"), cause.getOriginalMessage());
    assertTrue(listedDuringPreflight.get(), "the listing ran beside preflight");
    MigrationProgress p = env.stub("beside-2").progress();
    assertEquals(MigrationState.FAILED, p.state());
    assertNull(p.pausedReason());
  }

  /** The id of the first ActivityTaskScheduled event of {@code activityType}. */
  private static long eventId(List<HistoryEvent> events, String activityType) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(
            e ->
                e.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName()
                    .equals(activityType))
        .findFirst()
        .orElseThrow()
        .getEventId();
  }

  private static long firstCompletion(List<HistoryEvent> events, long scheduledId) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
        .filter(
            e -> e.getActivityTaskCompletedEventAttributes().getScheduledEventId() == scheduledId)
        .findFirst()
        .orElseThrow()
        .getEventId();
  }
}
