package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.testing.Eventually;
import dev.ferry.activities.testing.Histories;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.DeleteApprovalSignal;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --approve-delete}: a move copies and verifies, then deletes only after approval. */
@Timeout(120)
class DeleteApprovalTest {
  private MigrationTestEnv env;
  private MemoryBackend source;
  private MemoryBackend destination;

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
    source = env.backend("src:b/in", new MemoryBackend("src"));
    destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /** Two objects per range, two ranges at once: more ranges wait than the in-flight limit. */
  private static MigrationRequest move() {
    return new MigrationRequest(
            "src:b/in",
            "dst:b/out",
            Mode.MOVE,
            2,
            Verification.CHECKSUM,
            2,
            Duration.ofSeconds(1),
            null,
            null,
            IfExists.SKIP_IDENTICAL,
            false,
            2,
            1024,
            true)
        .withApproveDelete(true);
  }

  private static boolean isAwaitingApproval(MigrationProgress p) {
    return p.state() == MigrationState.PAUSED
        && p.pausedReason() != null
        && p.pausedReason().startsWith("awaiting delete approval");
  }

  private static MigrationProgress awaitingApproval(MigrationWorkflow wf) {
    return Eventually.await(wf::progress, DeleteApprovalTest::isAwaitingApproval);
  }

  @Test
  void deletesWaitForApprovalResumeDoesNotApproveAndTheApproverIsRecorded() throws Exception {
    MigrationWorkflowTest.fill(source, 12);
    MigrationWorkflow wf = env.startMigration("approve-1", move());

    MigrationProgress waiting = awaitingApproval(wf);
    assertEquals("awaiting delete approval: 12 objects verified", waiting.pausedReason());
    assertEquals(12, waiting.objectsCopied());
    assertEquals(0, waiting.objectsDeleted());
    assertEquals(0, waiting.inFlight());
    assertNull(waiting.deleteApprovedBy());
    assertEquals(12, source.size(), "nothing deleted before approval");
    assertEquals(0, source.deleteCount());
    assertEquals(source.keys(), destination.keys());

    wf.resume();
    Thread.sleep(500); // give a wrongly started delete the chance to run
    MigrationProgress afterResume = wf.progress();
    assertEquals(MigrationState.PAUSED, afterResume.state(), "resume does not approve");
    assertEquals(waiting.pausedReason(), afterResume.pausedReason());
    assertEquals(12, source.size());
    assertEquals(0, source.deleteCount());

    wf.approveDelete(new DeleteApprovalSignal("alice"));
    MigrationProgress done = env.result("approve-1").progress();
    assertEquals(MigrationState.COMPLETED, done.state());
    assertEquals(12, done.objectsDeleted());
    assertEquals(0, source.size());
    assertEquals(12, destination.size());
    assertEquals("alice", done.deleteApprovedBy());
    assertNotNull(done.deleteApprovedAt());

    WorkflowExecutionHistory history = env.client().fetchHistory("approve-1");
    List<HistoryEvent> signals =
        Histories.events(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assertTrue(
        signals.stream()
            .anyMatch(
                e ->
                    e.getWorkflowExecutionSignaledEventAttributes()
                            .getSignalName()
                            .equals("approveDelete")
                        && e.getWorkflowExecutionSignaledEventAttributes()
                            .getInput()
                            .toString()
                            .contains("alice")),
        "the approval and its approver are in the history");
  }

  @Test
  void aSourceChangedWhileWaitingIsKept() {
    MigrationWorkflowTest.fill(source, 6);
    MigrationWorkflow wf = env.startMigration("approve-changed", move());
    awaitingApproval(wf);
    source.putBytes("dir/k003", "changed later".getBytes(StandardCharsets.UTF_8));

    wf.approveDelete(new DeleteApprovalSignal("bob"));
    MigrationProgress done = env.result("approve-changed").progress();
    assertEquals(5, done.objectsDeleted());
    assertEquals(1, done.objectsFailed());
    assertEquals(List.of("dir/k003"), source.keys(), "the changed source is kept");
    assertEquals(
        FerryFailures.REASON_SOURCE_CHANGED, wf.failures(0, 10).failures().get(0).reason());
  }

  @Test
  void aCopyWrittenOverWithTheSameSizeWhileWaitingKeepsItsSource() {
    MigrationWorkflowTest.fill(source, 6);
    MigrationWorkflow wf = env.startMigration("approve-dst-changed", move());
    awaitingApproval(wf);
    // "value 3" becomes other bytes of its size: only the ETag and time tell them apart.
    destination.putBytes("dir/k003", "VALUE 3".getBytes(StandardCharsets.UTF_8));

    wf.approveDelete(new DeleteApprovalSignal("dana"));
    MigrationProgress done = env.result("approve-dst-changed").progress();
    assertEquals(5, done.objectsDeleted());
    assertEquals(1, done.objectsFailed());
    assertEquals(List.of("dir/k003"), source.keys(), "the only copy of value 3 is kept");
    assertEquals(
        FerryFailures.REASON_DESTINATION_CHANGED, wf.failures(0, 10).failures().get(0).reason());
  }

  @Test
  void aLongMoveAsksAgainForWhatItVerifiedAfterEachApproval() {
    MigrationWorkflowTest.fill(source, 30);
    String id = "approve-can";
    env.startMigration(id, move().withMaxHistoryEvents(60));
    long approved = 0;
    int approvals = 0;
    while (approved < 30) {
      long before = approved;
      MigrationProgress p =
          Eventually.await(
              env.stub(id)::progress, q -> q.objectsDeleted() == before && isAwaitingApproval(q));
      assertEquals(30 - before, source.size(), "deleted only what was approved: " + p);
      approved += Long.parseLong(p.pausedReason().replaceAll("\\D+", " ").trim());
      approvals++;
      env.stub(id).approveDelete(new DeleteApprovalSignal("carol"));
    }
    MigrationProgress done = env.result(id).progress();
    assertEquals(30, done.objectsDeleted());
    assertEquals(30, approved);
    assertTrue(approvals > 1, "the long move asked more than once: " + approvals);
    assertEquals(0, source.size());
    assertEquals("carol", done.deleteApprovedBy());
  }
}
