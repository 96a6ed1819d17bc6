package dev.ferry.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

/** Starts the activity of a range's step, with the options and Web UI summary of that step. */
final class RangeSteps {
  private RangeSteps() {}

  static Promise<RangeResult> start(
      MigrationRequest request,
      RangeStep step,
      boolean destinationEmptyAtStart,
      boolean sourceInService,
      int pass) {
    RangeInput input = input(request, step, destinationEmptyAtStart, sourceInService, pass);
    ActivityOptions options = MigrationActivityOptions.range(request, summary(request, step));
    return switch (step.stage()) {
      case COPY ->
          Async.function(
              Workflow.newActivityStub(CopyRangeActivity.class, options)::copyRange, input);
      case VERIFY ->
          Async.function(
              Workflow.newActivityStub(VerifyRangeActivity.class, options)::verifyRange, input);
      case DELETE ->
          Async.function(
              Workflow.newActivityStub(DeleteRangeActivity.class, options)::deleteRange, input);
      case PRUNE ->
          Async.function(
              Workflow.newActivityStub(PruneRangeActivity.class, options)::pruneRange, input);
    };
  }

  /** Starts dropping the unfinished upload that the paused {@code step} kept, if it kept one. */
  static Promise<Void> abandonUploads(MigrationRequest request, RangeStep step, int pass) {
    ActivityOptions options =
        MigrationActivityOptions.abandonUploads(
            "drop the unfinished upload of cancelled range " + step.range().describe());
    return Async.procedure(
        Workflow.newActivityStub(AbandonUploadsActivity.class, options)::abandonUploads,
        input(request, step, false, false, pass));
  }

  private static RangeInput input(
      MigrationRequest request,
      RangeStep step,
      boolean destinationEmptyAtStart,
      boolean sourceInService,
      int pass) {
    return new RangeInput(
        request,
        step.range(),
        step.fingerprints(),
        destinationEmptyAtStart,
        sourceInService,
        step.resumeFrom(),
        pass);
  }

  private static String summary(MigrationRequest request, RangeStep step) {
    KeyRange range = step.range();
    return switch (step.stage()) {
      case COPY ->
          MigrationSummaries.rangeSummary(
              request.dryRun() ? "dry-run copy" : "copy", range.objects(), range.bytes());
      case VERIFY ->
          MigrationSummaries.verifySummary(request.effectiveVerification(), step.named());
      case DELETE -> MigrationSummaries.deleteSummary(step.named());
      case PRUNE -> MigrationSummaries.pruneSummary(step.named());
    };
  }
}
