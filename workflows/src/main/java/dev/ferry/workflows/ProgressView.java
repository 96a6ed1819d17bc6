package dev.ferry.workflows;

import java.time.Instant;

/**
 * Builds the {@code progress} snapshot: the counters, rates over a recent window, percent and ETA,
 * and when the migration started and last changed.
 */
final class ProgressView {
  /** Window of the recent throughput. */
  static final long THROUGHPUT_WINDOW_MILLIS = 60_000;

  /** The change id of {@link ProgressMath#percentBelowFullWhileListing}. */
  static final String PERCENT_BELOW_FULL_WHILE_LISTING = "percent-below-full-while-listing";

  private final ThroughputWindow throughput = new ThroughputWindow(THROUGHPUT_WINDOW_MILLIS);
  private boolean belowFullWhileListing;
  private long startedAtMillis;
  private long updatedAtMillis;

  void started(long nowMillis) {
    startedAtMillis = nowMillis;
  }

  void restore(MigrationCheckpoint c) {
    startedAtMillis = c.startedAtMillis();
  }

  /**
   * Whether percent stays below 100 while the listing runs; runs started before that rule keep
   * theirs, since percent decides when {@code FerryPercent} is upserted.
   */
  void belowFullWhileListing(boolean below) {
    belowFullWhileListing = below;
  }

  /**
   * The migration was resumed at {@code nowMillis}: the time it stood still, since the last change
   * it saw, leaves the rates, which go on from where they stood. Counted, an audit's 70 s pause
   * showed 11-13 KiB/s and a 2-minute ETA after resume, against 34 KiB/s and 45 s real.
   */
  void resumed(long nowMillis) {
    throughput.skipTo(nowMillis);
  }

  long startedAtMillis() {
    return startedAtMillis;
  }

  /**
   * Notes a change at {@code nowMillis} and samples the counters for the rates. Until something is
   * listed nothing can be copied, so the rates start from the first listing, not from the start:
   * otherwise the seconds of preflight count as time spent copying, and a short run's first ETA is
   * far too long.
   */
  void record(long nowMillis, MigrationLedger ledger) {
    updatedAtMillis = nowMillis;
    long objectsDone = ledger.objectsDone();
    if (ledger.objectsTotal == 0 && objectsDone == 0) {
      return;
    }
    throughput.record(nowMillis, ledger.bytesCopied, ledger.bytesDone, objectsDone);
  }

  MigrationProgress progress(
      String id,
      long now,
      MigrationRequest request,
      MigrationControl control,
      MigrationLedger ledger,
      SourceListing listing,
      int inFlight,
      DeleteApproval approval,
      Passes passes,
      StepCounts held) {
    boolean listingComplete = listing.complete();
    long objectsDone = ledger.objectsDone() + held.objects();
    double percent =
        belowFullWhileListing
            ? ProgressMath.percentBelowFullWhileListing(
                objectsDone, ledger.objectsTotal, listingComplete)
            : ProgressMath.percent(objectsDone, ledger.objectsTotal, listingComplete);
    // Paused, nothing moves: no rate, no end to foresee (the stock CLI's query showed a 5 s ETA).
    boolean paused = control.state() == MigrationState.PAUSED;
    Long eta =
        paused
            ? null
            : ProgressMath.etaSeconds(
                listingComplete,
                ledger.bytesTotal - ledger.bytesDone,
                ledger.objectsTotal - objectsDone,
                throughput.bytesDonePerSecond(now),
                throughput.objectsDonePerSecond(now));
    return new MigrationProgress(
        id,
        control.state(),
        request == null ? Mode.COPY : request.mode(),
        control.pausedReason(),
        listingComplete,
        ledger.objectsTotal,
        ledger.bytesTotal,
        ledger.objectsCopied + held.copied(),
        ledger.objectsSkipped + held.skipped(),
        ledger.objectsFailed + held.failed(),
        ledger.objectsDeleted + held.deleted(),
        ledger.bytesCopied + held.bytesCopied(),
        inFlight,
        control.maxConcurrency(),
        percent,
        paused ? 0 : throughput.bytesCopiedPerSecond(now),
        eta,
        Instant.ofEpochMilli(startedAtMillis),
        Instant.ofEpochMilli(updatedAtMillis == 0 ? now : updatedAtMillis),
        approval.approvedBy(),
        approval.approvedAt(),
        request != null && request.dryRun(),
        passes.pass(),
        passes.passesCompleted(),
        passes.lastPass(),
        passes.converged(),
        passes.finalPass(),
        passes.nextPassAt(),
        request != null && request.live(),
        listing.partitionsListed(),
        listing.partitionsKnown(),
        wouldPause(request, ledger, passes),
        ledger.objectsKept + held.kept());
  }

  /**
   * The {@code --max-delete} pause a dry-run sync's pass would have taken: its would-be deletes
   * against the limit over the destination objects it found, as {@link PruneGuard} checks a real
   * pass.
   */
  private static String wouldPause(
      MigrationRequest request, MigrationLedger ledger, Passes passes) {
    if (request == null || !request.dryRun() || request.mode() != Mode.SYNC) {
      return null;
    }
    MaxDelete max = MaxDelete.parse(request.maxDelete());
    long destinationObjects = passes.destinationObjects();
    if (max.allows(ledger.objectsDeleted, destinationObjects)) {
      return null;
    }
    return String.format(
        "the real sync would pause before deleting: %,d deletes, --max-delete %s",
        ledger.objectsDeleted, max.describe(destinationObjects));
  }
}
