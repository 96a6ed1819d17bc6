package dev.ferry.workflows;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a range step adds to the migration's counters, by one rule for the ledger, which counts a
 * step's result when it finishes, and for the progress query, which also shows what steps stopped
 * by a pause had done (their resume points carry it), so that a migration paused for a full disk
 * does not say "0 copied" beside the files it wrote.
 *
 * @param copied objects copied
 * @param skipped objects skipped
 * @param failed objects failed
 * @param deleted objects deleted
 * @param kept destination objects a sync's prune kept
 * @param bytesCopied bytes of the objects copied
 */
record StepCounts(
    long copied, long skipped, long failed, long deleted, long kept, long bytesCopied) {
  static final StepCounts NONE = new StepCounts(0, 0, 0, 0, 0, 0);

  /** A copy, verify or delete step's result. */
  static StepCounts of(RangeResult r) {
    return counted(
        r.copied(),
        r.skipped(),
        r.failed(),
        r.deleted(),
        r.bytesCopied(),
        r.rejectedCopied(),
        r.rejectedSkipped());
  }

  /**
   * A {@code PruneRange} result: its deletes and the objects it kept as written since the listing.
   * The destination objects it could not delete are failures of the pass but not of any source
   * object, so they move no object counter.
   */
  static StepCounts ofPrune(RangeResult r) {
    return new StepCounts(0, 0, 0, r.deleted(), r.kept(), 0);
  }

  /**
   * The counters in {@code resumeFrom}, a range activity's heartbeat (its {@code partial}, a {@link
   * RangeResult} up to its last finished key), counted as its result will be; none when it has
   * none.
   */
  static StepCounts held(JsonNode resumeFrom, boolean prune) {
    JsonNode partial = resumeFrom == null ? null : resumeFrom.get("partial");
    if (partial == null || !partial.isObject()) {
      return NONE;
    }
    if (prune) {
      return new StepCounts(
          0, 0, 0, partial.path("deleted").asLong(), partial.path("kept").asLong(), 0);
    }
    return counted(
        partial.path("copied").asLong(),
        partial.path("skipped").asLong(),
        partial.path("failed").asLong(),
        partial.path("deleted").asLong(),
        partial.path("bytesCopied").asLong(),
        partial.path("rejectedCopied").asLong(),
        partial.path("rejectedSkipped").asLong());
  }

  /** Copies and skips a verify rejected count as failed. */
  private static StepCounts counted(
      long copied,
      long skipped,
      long failed,
      long deleted,
      long bytesCopied,
      long rejectedCopied,
      long rejectedSkipped) {
    return new StepCounts(
        copied - rejectedCopied,
        skipped - rejectedSkipped,
        failed + rejectedCopied + rejectedSkipped,
        deleted,
        0,
        bytesCopied);
  }

  StepCounts plus(StepCounts other) {
    return new StepCounts(
        copied + other.copied,
        skipped + other.skipped,
        failed + other.failed,
        deleted + other.deleted,
        kept + other.kept,
        bytesCopied + other.bytesCopied);
  }

  long objects() {
    return copied + skipped + failed;
  }
}
