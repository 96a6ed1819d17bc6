package dev.ferry.workflows;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What range steps stopped by a pause had done before they stopped: their resume points carry it,
 * and the ledger counts it only when each step finishes. Shown by the progress query, so that a
 * migration paused for a full disk does not say "0 copied" beside the files it wrote.
 *
 * @param copied objects copied
 * @param skipped objects skipped
 * @param failed objects failed
 * @param deleted objects deleted
 * @param kept destination objects a sync's prune kept
 * @param bytesCopied bytes of the objects copied
 */
record HeldCounts(
    long copied, long skipped, long failed, long deleted, long kept, long bytesCopied) {
  static final HeldCounts NONE = new HeldCounts(0, 0, 0, 0, 0, 0);

  /**
   * The counters in {@code resumeFrom}, a range activity's heartbeat (its {@code partial}, a {@link
   * RangeResult} up to its last finished key), as the ledger will count the step's result ({@link
   * MigrationLedger#apply}, or {@link MigrationLedger#applyPrune} for a {@code prune}); none when
   * it has none.
   */
  static HeldCounts of(JsonNode resumeFrom, boolean prune) {
    JsonNode partial = resumeFrom == null ? null : resumeFrom.get("partial");
    if (partial == null || !partial.isObject()) {
      return NONE;
    }
    long deleted = partial.path("deleted").asLong();
    if (prune) {
      return new HeldCounts(0, 0, 0, deleted, partial.path("kept").asLong(), 0);
    }
    long rejectedCopied = partial.path("rejectedCopied").asLong();
    long rejectedSkipped = partial.path("rejectedSkipped").asLong();
    return new HeldCounts(
        partial.path("copied").asLong() - rejectedCopied,
        partial.path("skipped").asLong() - rejectedSkipped,
        partial.path("failed").asLong() + rejectedCopied + rejectedSkipped,
        deleted,
        0,
        partial.path("bytesCopied").asLong());
  }

  HeldCounts plus(HeldCounts other) {
    return new HeldCounts(
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
