package dev.ferry.workflows;

import java.util.List;

/**
 * Output of {@code ListRanges}: contiguous ranges in key order.
 *
 * @param ranges the ranges; each starts after the previous one's last key
 * @param exhausted true when the listing reached the end of its partition (of the source)
 * @param splitAt null, or a key past every key this call listed where the rest of the partition
 *     splits in two: keys up to it stay in the partition, and there are keys after it
 */
public record ListRangesResult(List<KeyRange> ranges, boolean exhausted, String splitAt) {
  public ListRangesResult {
    ranges = List.copyOf(ranges);
  }

  /** A result that does not split its partition. */
  public ListRangesResult(List<KeyRange> ranges, boolean exhausted) {
    this(ranges, exhausted, null);
  }
}
