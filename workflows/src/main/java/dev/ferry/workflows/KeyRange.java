package dev.ferry.workflows;

/**
 * A contiguous slice of the source listing, {@code (startAfter, lastKey]}, as produced by {@code
 * ListRanges}. Ranges, not keys, cross the wire: every range activity lists its own range again.
 *
 * @param startAfter exclusive lower bound; null for the first range
 * @param lastKey inclusive upper bound; never null
 * @param objects matching objects listed in the range
 * @param bytes their total size
 */
public record KeyRange(String startAfter, String lastKey, long objects, long bytes) {
  public KeyRange {
    if (lastKey == null) {
      throw new IllegalArgumentException("lastKey must not be null");
    }
  }

  /** The range in interval notation, for failure records and summaries. */
  public String describe() {
    return "(" + (startAfter == null ? "" : startAfter) + ", " + lastKey + "]";
  }
}
