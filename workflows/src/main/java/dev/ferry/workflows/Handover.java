package dev.ferry.workflows;

/**
 * The checkpoints one run hands to the next: the same pass going on after a history budget ran out,
 * or the next pass of a live migration, which starts over with fresh counters.
 */
final class Handover {
  private Handover() {}

  /** The pass running continues in the next run after {@code cursor}. */
  static MigrationCheckpoint sameRun(
      MigrationControl control,
      MigrationLedger ledger,
      ProgressView view,
      String cursor,
      boolean listingComplete,
      int runs,
      boolean destinationEmptyAtStart,
      DeleteApproval approval,
      PassState passes) {
    return new MigrationCheckpoint(
        control.state(),
        control.pausedReason(),
        cursor,
        listingComplete,
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
        ledger.failures.newest(MigrationCheckpoint.MAX_CARRIED_FAILURES),
        destinationEmptyAtStart,
        approval.approvedBy(),
        approval.approvedAtMillis(),
        passes);
  }

  /** The next pass {@code next} starts in the next run: listing from the start, counters at 0. */
  static MigrationCheckpoint nextPass(
      MigrationControl control,
      ProgressView view,
      int runs,
      DeleteApproval approval,
      PassState next) {
    return sameRun(
        control,
        new MigrationLedger(),
        view,
        null,
        false,
        runs,
        false, // the first pass filled it: later passes look at what is there
        approval,
        next);
  }
}
