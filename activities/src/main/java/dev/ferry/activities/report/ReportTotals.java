package dev.ferry.activities.report;

/**
 * Per-outcome totals of a report, counted as the progress counters count: an object copied (or
 * skipped) and then rejected by verify or delete counts as failed only.
 *
 * @param copied objects copied (in a dry run: would be copied)
 * @param skipped objects left as they were
 * @param failed objects failed
 * @param deleted sources deleted
 * @param verified objects verify passed
 * @param bytesCopied bytes copy moved (as the {@code bytesCopied} counter: rejected copies too)
 * @param dryRun whether the lines come from a dry run
 * @param wouldDelete in a dry run of a MOVE, sources that would be deleted
 * @param kept destination objects a sync kept as written there since it listed them
 */
public record ReportTotals(
    long copied,
    long skipped,
    long failed,
    long deleted,
    long verified,
    long bytesCopied,
    boolean dryRun,
    long wouldDelete,
    long kept) {

  /** Objects decided: {@code copied + skipped + failed}. */
  public long objects() {
    return copied + skipped + failed;
  }
}
