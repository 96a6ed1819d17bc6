package dev.ferry.workflows;

import java.util.List;

/**
 * Output of {@code ListRanges}: contiguous ranges in key order.
 *
 * @param ranges the ranges; each starts after the previous one's last key
 * @param exhausted true when the listing reached the end of the source
 */
public record ListRangesResult(List<KeyRange> ranges, boolean exhausted) {
  public ListRangesResult {
    ranges = List.copyOf(ranges);
  }
}
