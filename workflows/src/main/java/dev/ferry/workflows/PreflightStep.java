package dev.ferry.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.Supplier;

/** The migration's first activity: checks both locations before anything is listed or written. */
final class PreflightStep {
  private PreflightStep() {}

  /**
   * Runs {@code Preflight} and returns whether the destination was empty. A refusal runs {@code
   * failed} (the migration ends FAILED) and fails the workflow with the refusal's own message.
   */
  static boolean destinationEmpty(MigrationRequest request, RangePipeline ranges, Runnable failed) {
    PreflightActivity activity = stub(request, "preflight " + request.source());
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

  /**
   * Runs {@code Preflight} again (on resume) as a look that writes nothing, and returns whether the
   * destination is empty now, or null when it refused: the copies that follow meet the same fault
   * and pause for it.
   */
  static Boolean destinationEmptyNow(MigrationRequest request, RangePipeline ranges) {
    PreflightActivity activity = stub(request, "look at " + request.destination());
    return looking(ranges, () -> activity.preflight(request.asLook()).destinationEmpty());
  }

  /**
   * Runs {@code LookAtDestination} (on resume) and returns what the destination lost of the objects
   * {@code witnesses} counted there, or null when nothing, or when it could not be told: the copies
   * that follow meet the same fault and pause for it.
   */
  static String destinationLostNow(
      MigrationRequest request, RangePipeline ranges, List<Witness> witnesses) {
    LookActivity activity =
        Workflow.newActivityStub(
            LookActivity.class,
            MigrationActivityOptions.preflight(request, "look at " + request.destination()));
    return looking(ranges, () -> activity.lookAtDestination(new LookInput(request, witnesses)));
  }

  private static <T> T looking(RangePipeline ranges, Supplier<T> look) {
    try {
      ranges.activityStarted();
      return look.get();
    } catch (ActivityFailure e) {
      if (ActivityErrors.isCancellation(e)) {
        throw new CanceledFailure("cancelled while looking at the destination");
      }
      return null;
    } finally {
      ranges.activityEnded();
    }
  }

  private static PreflightActivity stub(MigrationRequest request, String summary) {
    return Workflow.newActivityStub(
        PreflightActivity.class, MigrationActivityOptions.preflight(request, summary));
  }
}
