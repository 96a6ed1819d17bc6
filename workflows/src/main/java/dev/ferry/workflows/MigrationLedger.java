package dev.ferry.workflows;

import java.util.List;

/**
 * The migration's counters and how range outcomes change them, so that at the end {@code copied +
 * skipped + failed == total}. Pure bookkeeping; the workflow feeds it activity results.
 */
final class MigrationLedger {
  long objectsTotal;
  long bytesTotal;
  long objectsCopied;
  long objectsSkipped;
  long objectsFailed;
  long objectsDeleted;
  long objectsKept;
  long bytesCopied;
  long bytesDone;
  final FailureLog failures = new FailureLog();

  /** Counts a listed range into the totals. */
  void listed(KeyRange range) {
    objectsTotal += range.objects();
    bytesTotal += range.bytes();
  }

  /** Takes a listed but never started range out of the totals (it will be listed again). */
  void unlisted(KeyRange range) {
    objectsTotal -= range.objects();
    bytesTotal -= range.bytes();
  }

  /** Applies a result of {@code CopyRange}, {@code VerifyRange} or {@code DeleteRange}. */
  void apply(RangeResult r) {
    add(StepCounts.of(r));
    failures.addAll(r.failures());
  }

  /**
   * Takes out of the totals the objects {@code range} counted that its copy no longer found: in a
   * live migration they were deleted at the source after the listing.
   */
  void vanished(KeyRange range, RangeResult copy) {
    long gone = range.objects() - (copy.copied() + copy.skipped() + copy.failed());
    if (gone > 0) {
      objectsTotal -= gone;
    }
  }

  /** Applies a result of {@code PruneRange} (see {@link StepCounts#ofPrune}). */
  void applyPrune(RangeResult r) {
    add(StepCounts.ofPrune(r));
    failures.addAll(r.failures());
  }

  private void add(StepCounts step) {
    objectsCopied += step.copied();
    objectsSkipped += step.skipped();
    objectsFailed += step.failed();
    objectsDeleted += step.deleted();
    objectsKept += step.kept();
    bytesCopied += step.bytesCopied();
  }

  /**
   * Records a copy step that ran out of retries: every object of the range counts as failed, under
   * one failure named by the range (the workflow never sees the range's keys).
   */
  void copyRangeFailed(KeyRange range, String message, int attempts) {
    objectsFailed += range.objects();
    failures.add(
        new ObjectFailure(
            range.describe(),
            FerryFailures.REASON_RANGE_FAILED,
            // Its attempts may have written some: none reported what before the last one ended.
            range.objects()
                + (range.objects() == 1 ? " object" : " objects")
                + " not counted as copied (some may be written): "
                + message,
            attempts));
  }

  /**
   * Records a verify or delete step that ran out of retries: the objects it was to check lose their
   * copied/skipped outcome and count as failed; none of them is deleted by this migration.
   */
  void checkRangeFailed(KeyRange range, String step, Fingerprints objects, String message, int n) {
    long copied = objects.copiedCount();
    long skipped = objects.skippedCount();
    apply(
        new RangeResult(
            0,
            0,
            0,
            0,
            0,
            copied,
            skipped,
            List.of(
                new ObjectFailure(
                    range.describe(),
                    FerryFailures.REASON_RANGE_FAILED,
                    (copied + skipped) + " objects not " + step + ": " + message,
                    n)),
            Fingerprints.EMPTY));
  }

  /** Marks a range finished for the byte-based rates. */
  void rangeDone(KeyRange range) {
    bytesDone += range.bytes();
  }

  long objectsDone() {
    return objectsCopied + objectsSkipped + objectsFailed;
  }

  void restore(MigrationCheckpoint c) {
    objectsTotal = c.objectsTotal();
    bytesTotal = c.bytesTotal();
    objectsCopied = c.objectsCopied();
    objectsSkipped = c.objectsSkipped();
    objectsFailed = c.objectsFailed();
    objectsDeleted = c.objectsDeleted();
    objectsKept = c.objectsKept();
    bytesCopied = c.bytesCopied();
    bytesDone = c.bytesDone();
    failures.addAll(c.recentFailures());
  }
}
