package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.workflows.MigrationProgress;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.util.Locale;
import picocli.CommandLine.Parameters;

/** A client command about one existing migration, named by its workflow id. */
abstract class IdCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "Workflow id of the migration.")
  String id;

  @Override
  void validate() {
    if (id == null || id.isBlank()) {
      throw new BadInputException("the workflow id is empty", "pass the id that start printed");
    }
  }

  @Override
  String migration() {
    return id;
  }

  /** Refuses to act on a migration that has already ended; else describes it. */
  DescribeWorkflowExecutionResponse requireRunning(Session session, String action) {
    DescribeWorkflowExecutionResponse described = session.describe(id);
    WorkflowExecutionStatus status = described.getWorkflowExecutionInfo().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      String ended =
          status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
      throw new BadInputException(
          "migration " + id + " has already ended (" + ended + "); nothing to " + action,
          "ferry status " + id + " shows how it ended");
    }
    return described;
  }

  /** What a signal sent while no worker answers for the migration does: it waits for one. */
  String signalWaits(String signal, DescribeWorkflowExecutionResponse described) {
    return signal
        + " of "
        + id
        + " sent; no worker answers for it now, so it takes effect once one polls task queue '"
        + Session.taskQueueOf(described)
        + "'";
  }

  /**
   * The described migration's progress: the final report's for a completed migration (no worker
   * needed), else the {@code progress} query; no worker to answer it is reported as bad input, at
   * once when none polls the workflow's task queue (a query would wait about a minute for one).
   */
  MigrationProgress progress(Session session, DescribeWorkflowExecutionResponse described) {
    return progress(session, described, "progress query");
  }

  /** As {@link #progress(Session, DescribeWorkflowExecutionResponse)}, before {@code asked}. */
  MigrationProgress progress(
      Session session, DescribeWorkflowExecutionResponse described, String asked) {
    MigrationProgress p = session.lastProgress(described);
    if (p == null) {
      throw Session.unanswered(described, asked, null);
    }
    return p;
  }
}
