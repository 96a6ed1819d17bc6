package dev.ferry.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A durable migration of every matching object from one location to another.
 *
 * <p>The handler names are part of the contract: operators use them from the {@code temporal} CLI,
 * e.g. {@code temporal workflow signal --name pause}. Arguments are plain values (not records) so
 * that the stock CLI can send them with {@code --input}.
 */
@WorkflowInterface
public interface MigrationWorkflow {

  /** Runs the migration to its end and reports the final counters. */
  @WorkflowMethod(name = FerryNames.WORKFLOW_TYPE)
  MigrationReport migrate(MigrationRequest request);

  /** Stops starting transfers; in-flight ones finish. The reason may be null. */
  @SignalMethod(name = "pause")
  void pause(String reason);

  /** Starts transfers again after a pause. */
  @SignalMethod(name = "resume")
  void resume();

  /**
   * Lets a {@code --approve-delete} move delete the objects it verified and now waits on; names the
   * approver in the history. Ignored (and logged) unless the migration awaits approval.
   */
  @SignalMethod(name = "approveDelete")
  void approveDelete(DeleteApprovalSignal approval);

  /**
   * Makes the next pass of a {@code --live} migration started after this signal its last one: when
   * that pass ends clean, the migration completes. Ignored (and logged) for other migrations.
   */
  @SignalMethod(name = "cutover")
  void cutover();

  /** A snapshot of the counters and state. */
  @QueryMethod(name = "progress")
  MigrationProgress progress();

  /** A page of per-object failures, oldest first; a limit of 0 or less: every failure held. */
  @QueryMethod(name = "failures")
  FailuresPage failures(int offset, int limit);

  /** Changes the in-flight limit; returns the new limit. */
  @UpdateMethod(name = "setConcurrency")
  int setConcurrency(int maxConcurrency);

  /** Refuses a limit outside 1..1024 before it enters history. */
  @UpdateValidatorMethod(updateName = "setConcurrency")
  void validateSetConcurrency(int maxConcurrency);

  /**
   * Changes a sync's {@code --max-delete} ({@code N} or {@code N%}); returns the new limit. A pass
   * paused by the guard checks again on {@code resume}.
   */
  @UpdateMethod(name = "setMaxDelete")
  String setMaxDelete(String maxDelete);

  /** Refuses a malformed limit, or one for a migration that is not a sync, before history. */
  @UpdateValidatorMethod(updateName = "setMaxDelete")
  void validateSetMaxDelete(String maxDelete);
}
