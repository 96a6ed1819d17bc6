package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.testing.Eventually;
import dev.ferry.activities.testing.Gate;
import dev.ferry.activities.testing.Histories;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pause, resume, cancel, run-time concurrency and the self-pause on a pile-up of failures. */
@Timeout(120)
class MigrationControlTest {
  private MigrationTestEnv env;
  private MemoryBackend source;
  private MemoryBackend destination;
  private final Gate gate = new Gate();

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
    source = env.backend("src:b/in", new MemoryBackend("src"));
    destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();
  }

  @AfterEach
  void tearDown() {
    gate.open();
    env.close();
  }

  /** One object per range, two ranges at once. */
  private static MigrationRequest request(Mode mode, Verification verification) {
    return request(mode, verification, 2);
  }

  private static MigrationRequest request(Mode mode, Verification verification, int concurrency) {
    return new MigrationRequest(
        "src:b/in",
        "dst:b/out",
        mode,
        concurrency,
        verification,
        2,
        Duration.ofSeconds(1),
        null,
        null,
        IfExists.SKIP_IDENTICAL,
        false,
        1,
        1024,
        true);
  }

  /** Holds the copy of {@code key} at the gate. */
  private void holdOpenOf(String key) {
    source.intercept(
        (op, k) -> {
          if (op.equals("open") && key.equals(k)) {
            gate.pass();
          }
        });
  }

  private long scheduled(String id) {
    return Histories.count(env.client(), id, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  }

  @Test
  void pauseSchedulesNothingLetsInFlightFinishAndResumeRedoesNothing() throws Exception {
    MigrationWorkflowTest.fill(source, 12);
    holdOpenOf("dir/k004");
    MigrationWorkflow wf = env.startMigration("pause-1", request(Mode.COPY, Verification.NONE));
    gate.awaitArrival();

    wf.pause("maintenance window");
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertTrue(paused.inFlight() >= 1, "the held range is in flight: " + paused);
    long scheduledAtPause = scheduled("pause-1");

    gate.open();
    MigrationProgress drained = Eventually.await(wf::progress, p -> p.inFlight() == 0);
    assertEquals(MigrationState.PAUSED, drained.state());
    assertEquals("maintenance window", drained.pausedReason());
    assertNotNull(destination.bytes("dir/k004"), "the in-flight copy finished");
    assertTrue(drained.objectsCopied() < 12, "work is left: " + drained);
    assertEquals(100.0 * drained.objectsDone() / drained.objectsTotal(), drained.percent(), 1e-9);
    Thread.sleep(300); // give a wrongly scheduled activity the chance to show up
    assertEquals(scheduledAtPause, scheduled("pause-1"), "no activity scheduled while PAUSED");
    assertEquals(drained.objectsCopied(), wf.progress().objectsCopied());

    wf.resume();
    MigrationProgress done = env.result("pause-1").progress();
    assertEquals(MigrationState.COMPLETED, done.state());
    assertEquals(12, done.objectsCopied());
    assertEquals(12 + 1, destination.putCount(), "each object written once, plus the probe");
  }

  @Test
  void pauseBeforeStartSchedulesNoActivityAtAll() {
    MigrationWorkflowTest.fill(source, 3);
    MigrationWorkflow stub =
        env.client()
            .newWorkflowStub(
                MigrationWorkflow.class,
                io.temporal.client.WorkflowOptions.newBuilder()
                    .setWorkflowId("pause-0")
                    .setTaskQueue(dev.ferry.workflows.FerryNames.TASK_QUEUE)
                    .build());
    io.temporal.client.BatchRequest batch = env.client().newSignalWithStartRequest();
    batch.add(stub::migrate, request(Mode.COPY, Verification.CHECKSUM));
    batch.add(stub::pause, "not yet");
    env.client().signalWithStart(batch);
    MigrationProgress p =
        Eventually.await(
            () -> env.stub("pause-0").progress(), q -> q.state() == MigrationState.PAUSED);
    assertEquals("not yet", p.pausedReason());
    assertEquals(0, scheduled("pause-0"));
    env.stub("pause-0").resume();
    assertEquals(3, env.result("pause-0").progress().objectsCopied());
  }

  @Test
  void cancelStopsInFlightWorkAndDeletesNothingUnverified() throws Exception {
    MigrationWorkflowTest.fill(source, 12);
    Map<String, byte[]> original = new HashMap<>();
    for (String key : source.keys()) {
      original.put(key, source.bytes(key));
    }
    // The last object is held, so the listing is complete and its copy is the only activity in
    // flight: the in-memory test server refuses to cancel an activity whose completion races with
    // the cancel request (ACTIVITY_UNKNOWN), which the real server accepts.
    holdOpenOf("dir/k011");
    MigrationWorkflow wf =
        env.startMigration("cancel-1", request(Mode.MOVE, Verification.CHECKSUM, 1));
    gate.awaitArrival();
    Eventually.await(wf::progress, MigrationProgress::listingComplete);
    env.untyped("cancel-1").cancel();
    // Release the held copy only once the workflow asked for its cancellation, so the request
    // cannot race with the completion (the test server would refuse it as ACTIVITY_UNKNOWN).
    Eventually.await(
        () ->
            Histories.count(
                env.client(), "cancel-1", EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED),
        n -> n > 0);
    gate.open();

    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> env.result("cancel-1"));
    assertInstanceOf(CanceledFailure.class, e.getCause());
    assertEquals(MigrationState.CANCELLED, wf.progress().state());

    WorkflowExecutionHistory history = env.client().fetchHistory("cancel-1");
    List<HistoryEvent> events = history.getEvents();
    long cancelAt =
        events.stream()
            .filter(
                ev -> ev.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED)
            .findFirst()
            .orElseThrow()
            .getEventId();
    assertTrue(
        events.stream()
            .noneMatch(
                ev ->
                    ev.getEventId() > cancelAt
                        && ev.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
        "nothing scheduled after the cancel request");
    assertTrue(
        events.stream()
            .anyMatch(
                ev -> ev.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED),
        "in-flight activities were cancelled");
    assertNotNull(source.bytes("dir/k011"), "the held object was never verified, so it stays");
    for (Map.Entry<String, byte[]> o : original.entrySet()) {
      if (source.bytes(o.getKey()) == null) {
        assertArrayEquals(o.getValue(), destination.bytes(o.getKey()), o.getKey());
      }
    }
  }

  @Test
  void concurrencyChangesAtRunTimeWithinItsBounds() throws Exception {
    MigrationWorkflowTest.fill(source, 4);
    holdOpenOf("dir/k000");
    MigrationWorkflow wf = env.startMigration("conc-1", request(Mode.COPY, Verification.NONE));
    gate.awaitArrival();
    assertThrows(WorkflowUpdateException.class, () -> wf.setConcurrency(0));
    assertThrows(WorkflowUpdateException.class, () -> wf.setConcurrency(1025));
    assertEquals(7, wf.setConcurrency(7));
    assertEquals(7, wf.progress().maxConcurrency());
    gate.open();
    assertEquals(4, env.result("conc-1").progress().objectsCopied());
  }

  @Test
  void manyRangesFailingInARowPauseTheMigration() {
    MigrationWorkflowTest.fill(source, 60);
    source.intercept(
        (op, k) -> {
          if (op.equals("open")) {
            throw new PermanentStorageException("access denied");
          }
        });
    MigrationWorkflow wf = env.startMigration("pileup-1", request(Mode.COPY, Verification.NONE));
    MigrationProgress p =
        Eventually.await(
            wf::progress, q -> q.state() == MigrationState.PAUSED && q.inFlight() == 0);
    assertTrue(p.pausedReason().contains("50 ranges in a row failed"), p.pausedReason());
    assertTrue(p.pausedReason().contains("access denied"), p.pausedReason());
    assertTrue(p.objectsFailed() >= 50 && p.objectsFailed() < 60, p.toString());
    assertEquals(p.objectsFailed(), wf.failures(0, 100).total());
    env.untyped("pileup-1").cancel();
  }
}
