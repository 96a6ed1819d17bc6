package dev.ferry.workflows;

import java.util.List;

/**
 * What a range activity did, as counters the workflow adds up.
 *
 * <p>{@code CopyRange} gives every matching object of the range one outcome: copied, skipped or
 * failed. {@code VerifyRange} and {@code DeleteRange} may later reject objects that copy counted as
 * copied or skipped ({@code rejectedCopied}, {@code rejectedSkipped}); the workflow moves those to
 * failed, so that {@code copied + skipped + failed == total} holds at the end.
 *
 * @param copied objects written (or, in a dry run, that would be written)
 * @param skipped objects left alone because the destination already had them
 * @param failed objects copy gave up on
 * @param bytesCopied bytes written
 * @param deleted source objects deleted (MOVE)
 * @param rejectedCopied objects counted as copied that failed verification or deletion checks
 * @param rejectedSkipped objects counted as skipped that failed verification or deletion checks
 * @param failures per-object failures, at most {@link #MAX_FAILURES} of them
 * @param passed the objects that passed this step, for the next step
 * @param extraneous for a SYNC's copy: fingerprints (key and state) of the destination objects in
 *     the range that the source does not have, for {@code PruneRange} to delete while unchanged
 * @param destinationObjects for a SYNC's copy: objects of the range found at the destination
 * @param kept for a SYNC's prune: destination objects the source lacks that it did not delete,
 *     because they were written at the destination since the sync listed them
 */
public record RangeResult(
    long copied,
    long skipped,
    long failed,
    long bytesCopied,
    long deleted,
    long rejectedCopied,
    long rejectedSkipped,
    List<ObjectFailure> failures,
    Fingerprints passed,
    String extraneous,
    long destinationObjects,
    long kept) {

  /** Most failures one result carries, so a result stays far below the payload limits. */
  public static final int MAX_FAILURES = 100;

  public RangeResult {
    failures = failures == null ? List.of() : List.copyOf(failures);
    passed = passed == null ? Fingerprints.EMPTY : passed;
    extraneous = extraneous == null ? "" : extraneous;
  }

  /** A result without a sync's destination findings. */
  public RangeResult(
      long copied,
      long skipped,
      long failed,
      long bytesCopied,
      long deleted,
      long rejectedCopied,
      long rejectedSkipped,
      List<ObjectFailure> failures,
      Fingerprints passed) {
    this(
        copied,
        skipped,
        failed,
        bytesCopied,
        deleted,
        rejectedCopied,
        rejectedSkipped,
        failures,
        passed,
        "",
        0,
        0);
  }

  /** How many destination objects {@link #extraneous} names. */
  public long extraneousCount() {
    return new Fingerprints(extraneous, "").copiedCount();
  }
}
