package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A MOVE with {@code --approve-delete}: after copy and verify the source is untouched (read from
 * the source server itself); {@code ferry approve} starts the deletes, a SIGKILL of the worker in
 * the middle of them changes nothing, and the move ends with the source empty and the destination
 * exact.
 */
@Order(10)
@ExtendWith(E2EExtension.class)
class ApproveDeleteCrashE2E {
  private static final DataSet DATA = new DataSet(1_500, 16 * 1024, List.of(), 20261203L);

  @Test
  void nothingIsDeletedBeforeApprovalAndAKillDuringTheDeletesLosesNothing(E2EEnvironment env) {
    try (Scenario s = env.scenario("approve-crash")) {
      Manifest source = s.seed(DATA);
      WorkerProcess worker = s.worker("w", "--max-activities", "4");
      String id = "e2e-approve-delete";
      Migration m = s.start(id, "--mode", "move", "--approve-delete", "--concurrency", "4");

      MigrationProgress waiting =
          m.awaitProgress(
              "the move to await delete approval",
              Duration.ofMinutes(3),
              MigrationProgress::awaitsDeleteApproval);
      assertEquals(
          "awaiting delete approval: " + source.size() + " objects verified",
          waiting.pausedReason());
      assertEquals(source.size(), s.remaining(source), "sources deleted before approval");
      assertEquals(source.size(), s.arrived(source), "objects at the destination");
      assertEquals(0, waiting.objectsDeleted());

      CommandResult approve = s.ferry("approve", id, "--approver", "e2e-operator").ok();
      assertTrue(approve.stdout().startsWith("approved deletes of " + id), approve.describe());
      Waits.until(
          "some sources to be deleted",
          Duration.ofMinutes(2),
          Duration.ofMillis(20),
          () -> s.remaining(source) < source.size());
      int remainingAtKill = s.remaining(source);
      worker.kill9();
      assertTrue(remainingAtKill > 0, "every source was gone before the kill: not mid-delete");
      worker.restart();

      MigrationReport report = m.awaitReport(Duration.ofMinutes(4));
      m.exportHistories();
      E2EReport.line(
          "approve-delete: %d objects untouched until approval; worker killed with %d sources"
              + " left; final %s",
          source.size(), remainingAtKill, report.progress());
      Outcome.assertMoved(s, source, report);
      assertEquals("e2e-operator", report.progress().deleteApprovedBy());
    }
  }
}
