package dev.ferry.workflows;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What copies stopped by a pause had done before they stopped: their resume points carry it, and
 * the ledger counts it only when each range finishes. Shown by the progress query, so that a
 * migration paused for a full disk does not say "0 copied" beside the files it wrote.
 *
 * @param copied objects copied
 * @param skipped objects skipped
 * @param failed objects failed
 * @param bytesCopied bytes of the objects copied
 */
record HeldCounts(long copied, long skipped, long failed, long bytesCopied) {
  static final HeldCounts NONE = new HeldCounts(0, 0, 0, 0);

  /**
   * The counters in {@code resumeFrom}, a range activity's heartbeat (its {@code partial}, a {@link
   * RangeResult} up to its last finished key); none when it has none.
   */
  static HeldCounts of(JsonNode resumeFrom) {
    JsonNode partial = resumeFrom == null ? null : resumeFrom.get("partial");
    if (partial == null || !partial.isObject()) {
      return NONE;
    }
    // As MigrationLedger.apply counts a result.
    long rejectedCopied = partial.path("rejectedCopied").asLong();
    long rejectedSkipped = partial.path("rejectedSkipped").asLong();
    return new HeldCounts(
        partial.path("copied").asLong() - rejectedCopied,
        partial.path("skipped").asLong() - rejectedSkipped,
        partial.path("failed").asLong() + rejectedCopied + rejectedSkipped,
        partial.path("bytesCopied").asLong());
  }

  HeldCounts plus(HeldCounts other) {
    return new HeldCounts(
        copied + other.copied,
        skipped + other.skipped,
        failed + other.failed,
        bytesCopied + other.bytesCopied);
  }

  long objects() {
    return copied + skipped + failed;
  }
}
