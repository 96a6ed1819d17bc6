package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.synthetic.SyntheticBackend;
import dev.ferry.activities.testing.Eventually;
import dev.ferry.activities.testing.Gate;
import dev.ferry.activities.testing.Histories;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounded history: many objects over several continue-as-new runs, with exact totals. */
@Timeout(300)
class MigrationScaleTest {
  /** The server suggests continue-as-new here; every run must stay below it. */
  private static final int SUGGESTED_EVENTS = 4_096;

  private MigrationTestEnv env;

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static MigrationRequest request(
      int concurrency, Verification verification, int batch, int maxEvents) {
    return new MigrationRequest(
            "syn:all",
            "mem:out",
            Mode.COPY,
            concurrency,
            verification,
            2,
            Duration.ofSeconds(1),
            null,
            null,
            IfExists.SKIP_IDENTICAL,
            false,
            batch,
            1024L * 1024 * 1024,
            true)
        .withMaxHistoryEvents(maxEvents);
  }

  private static void assertEveryRunBounded(List<WorkflowExecutionHistory> runs) {
    for (WorkflowExecutionHistory run : runs) {
      assertTrue(run.getEvents().size() < SUGGESTED_EVENTS, "run of " + run.getEvents().size());
    }
  }

  @Test
  void aHundredThousandObjectsOverSeveralRunsWithExactTotals() {
    SyntheticBackend source = env.backend("syn:all", SyntheticBackend.create(100_000, 8));
    MemoryBackend destination = env.backend("mem:out", new MemoryBackend("out"));
    env.start();
    MigrationProgress p =
        env.run("scale-1", request(8, Verification.CHECKSUM, 2_000, 200)).progress();
    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(100_000, p.objectsTotal());
    assertEquals(100_000, p.objectsCopied());
    assertEquals(0, p.objectsFailed());
    assertEquals(source.totalBytes(), p.bytesCopied());
    assertEquals(source.totalBytes(), p.bytesTotal());
    assertEquals(100_000, destination.size());
    List<WorkflowExecutionHistory> runs = Histories.runs(env.client(), "scale-1");
    assertTrue(runs.size() >= 3, "continued as new " + (runs.size() - 1) + " times");
    assertEveryRunBounded(runs);
    assertNoActivityCarriesTheCheckpoint(runs.get(runs.size() - 1));
  }

  /** The checkpoint a run starts from stays out of its activities' inputs, which it would swell. */
  private static void assertNoActivityCarriesTheCheckpoint(WorkflowExecutionHistory run) {
    List<io.temporal.api.history.v1.HistoryEvent> scheduled =
        Histories.events(run, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    assertTrue(!scheduled.isEmpty());
    for (io.temporal.api.history.v1.HistoryEvent e : scheduled) {
      String input =
          e.getActivityTaskScheduledEventAttributes()
              .getInput()
              .getPayloads(0)
              .getData()
              .toStringUtf8();
      assertTrue(input.contains("\"checkpoint\":null"), input);
    }
  }

  private WorkflowExecutionHistory lastRun(String id) {
    List<WorkflowExecutionHistory> runs = Histories.runs(env.client(), id);
    return runs.get(runs.size() - 1);
  }

  /** Whether this run received the pause signal and finished a workflow task after it. */
  private static boolean pauseHandled(WorkflowExecutionHistory run) {
    List<io.temporal.api.history.v1.HistoryEvent> events = run.getEvents();
    long signal =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            .mapToLong(e -> e.getEventId())
            .findFirst()
            .orElse(Long.MAX_VALUE);
    return events.stream()
        .anyMatch(
            e ->
                e.getEventId() > signal
                    && e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  }

  @Test
  void pauseStateAndCountersSurviveContinueAsNew() throws InterruptedException {
    MemoryBackend source = env.backend("syn:all", new MemoryBackend("src"));
    MemoryBackend destination = env.backend("mem:out", new MemoryBackend("out"));
    MigrationWorkflowTest.fill(source, 120);
    // The pause arrives while the copy of k060 is held in flight. (It is sent while nothing hands
    // over: the in-memory server mishandles a signal that races with a continue-as-new, which the
    // real server turns into a retried workflow task.)
    Gate gate = new Gate();
    source.intercept(
        (op, key) -> {
          if (op.equals("open") && "dir/k060".equals(key)) {
            gate.pass();
          }
        });
    env.start();
    // A budget of one event: every run hands over as soon as one of its ranges is done.
    env.startMigration("can-pause", request(2, Verification.NONE, 5, 1));
    gate.awaitArrival();
    env.stub("can-pause").pause("k060 reached");
    // Watch histories, not queries: the in-memory server can wedge a run when a query races with
    // its continue-as-new.
    Eventually.await(() -> lastRun("can-pause"), MigrationScaleTest::pauseHandled);
    gate.open();
    List<WorkflowExecutionHistory> runs =
        Eventually.await(
            () -> Histories.runs(env.client(), "can-pause"),
            r -> {
              WorkflowExecutionHistory last = r.get(r.size() - 1);
              return !pauseHandled(last)
                  && Histories.events(last, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).isEmpty()
                  && Histories.events(last, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).size()
                      > 0;
            });
    MigrationProgress carried = env.stub("can-pause").progress();
    assertEquals(MigrationState.PAUSED, carried.state());
    assertEquals("k060 reached", carried.pausedReason());
    assertEquals(0, carried.inFlight(), "every started range finished");
    // The ranges listed and not started come along: the totals keep them.
    assertTrue(carried.objectsCopied() <= carried.objectsTotal(), carried.toString());
    assertTrue(carried.objectsCopied() < 120, carried.toString());

    env.stub("can-pause").resume();
    MigrationProgress done = env.result("can-pause").progress();
    assertEquals(MigrationState.COMPLETED, done.state());
    assertEquals(120, done.objectsTotal());
    assertEquals(120, done.objectsCopied());
    assertEquals(120, destination.size());
    List<WorkflowExecutionHistory> all = Histories.runs(env.client(), "can-pause");
    assertTrue(all.size() > runs.size(), "resumed in a later run");
    assertEveryRunBounded(all);
  }
}
