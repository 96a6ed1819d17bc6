package dev.ferry.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;

/** The migration's first activity: checks both locations before anything is listed or written. */
final class PreflightStep {
  private PreflightStep() {}

  /**
   * Runs {@code Preflight} and returns whether the destination was empty. A refusal runs {@code
   * failed} (the migration ends FAILED) and fails the workflow with the refusal's own message.
   */
  static boolean destinationEmpty(MigrationRequest request, RangePipeline ranges, Runnable failed) {
    PreflightActivity activity =
        Workflow.newActivityStub(
            PreflightActivity.class,
            MigrationActivityOptions.preflight(request, "preflight " + request.source()));
    try {
      ranges.activityStarted();
      return activity.preflight(request).destinationEmpty();
    } catch (ActivityFailure e) {
      if (ActivityErrors.isCancellation(e)) {
        throw new CanceledFailure("cancelled during preflight");
      }
      String message = "preflight refused: " + ActivityErrors.rootMessage(e);
      failed.run();
      throw ApplicationFailure.newNonRetryableFailure(message, FerryFailures.PREFLIGHT_REFUSED);
    } finally {
      ranges.activityEnded();
    }
  }
}
