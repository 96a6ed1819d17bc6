package dev.ferry.workflows;

import java.util.List;

/**
 * The checkpoints one run hands to the next: the same pass going on after a history budget ran out,
 * or the next pass of a live migration (or the same pass again), which starts over with fresh
 * counters.
 */
final class Handover {
  private Handover() {}

  /**
   * The pass running continues in the next run where {@code listing} stands, with the ranges it
   * listed and did not start.
   */
  static MigrationCheckpoint sameRun(
      MigrationControl control,
      MigrationLedger ledger,
      ProgressView view,
      SourceListing listing,
      int runs,
      boolean destinationEmptyAtStart,
      DeleteApproval approval,
      PassState passes) {
    // First: the ranges it cannot carry leave the totals.
    List<ListingPartition> partitions = listing == null ? null : listing.handover(ledger::unlisted);
    return new MigrationCheckpoint(
        control.state(),
        control.pausedReason(),
        partitions == null || partitions.isEmpty() ? null : partitions.get(0).startAfter(),
        listing != null && listing.allStarted(),
        ledger.objectsTotal,
        ledger.bytesTotal,
        ledger.objectsCopied,
        ledger.objectsSkipped,
        ledger.objectsFailed,
        ledger.objectsDeleted,
        ledger.bytesCopied,
        ledger.bytesDone,
        control.maxConcurrency(),
        control.consecutiveRangeFailures(),
        view.startedAtMillis(),
        runs + 1,
        ledger.failures.newest(
            MigrationCheckpoint.MAX_CARRIED_FAILURES, PayloadBudget.FAILURE_BYTES),
        destinationEmptyAtStart,
        approval.approvedBy(),
        approval.approvedAtMillis(),
        passes,
        partitions,
        listing == null ? 0 : listing.partitionsDone(),
        ledger.objectsKept);
  }

  /**
   * The pass {@code next} (the next one, or the one running again) starts in the next run: listing
   * from the start, counters at 0. {@code destinationEmpty}: whether the destination was found
   * empty just now (see {@link RangeInput}); a later pass of a live migration looks at what the
   * earlier ones put there.
   */
  static MigrationCheckpoint freshPass(
      MigrationControl control,
      ProgressView view,
      int runs,
      DeleteApproval approval,
      PassState next,
      boolean destinationEmpty) {
    return sameRun(
        control,
        new MigrationLedger(),
        view,
        null, // listing from the start
        runs,
        destinationEmpty,
        approval,
        next);
  }
}
