package dev.ferry.activities.migration;

import dev.ferry.activities.storage.StorageException;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.Fingerprints;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.RangeInput;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;

/**
 * A range step that fails as a whole, as its report records it: one range line standing for every
 * object the workflow will count failed for it (all of a copy's; for verify or delete, those the
 * step before passed on).
 */
final class WholeStepFailure {
  private WholeStepFailure() {}

  /**
   * Whether Temporal runs no further attempt of the activity after {@code e} and the workflow
   * counts its objects failed: not for a cancellation, nor for a fault of a whole side, after which
   * the range is continued once the migration resumes.
   */
  static boolean endsRange(RuntimeException e, boolean lastAttempt) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ActivityCompletionException) {
        return false; // cancelled: the workflow counts nothing for it
      }
      if (t instanceof ApplicationFailure af && FerryFailures.SIDE_FAULT.equals(af.getType())) {
        return false;
      }
    }
    if (lastAttempt) {
      return true;
    }
    if (e instanceof StorageException se) {
      return !StorageFailures.isTransient(se);
    }
    return e instanceof ApplicationFailure af
        && (af.isNonRetryable() || FerryFailures.NON_RETRYABLE.contains(af.getType()));
  }

  /** Replaces the step's part with the range line for {@code e}, and stores it. */
  static void record(RangeReport report, RangeInput input, RuntimeException e) {
    KeyRange range = input.range();
    Fingerprints named = input.fingerprints();
    long c = named.copiedCount();
    long s = named.skippedCount();
    report.rangeFailed(
        range,
        report.isCopy() ? range.objects() : c + s,
        c,
        s,
        FerryFailures.REASON_RANGE_FAILED,
        e.getMessage(),
        true);
    report.store();
  }
}
