package dev.ferry.activities.migration;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ObjectInfo;

/**
 * A sync's destination listing walked beside the source's while {@code ListRanges} cuts ranges: the
 * keys only the destination holds go into the ranges as slots, so a range never holds more objects
 * to delete than to copy, and the keys after the source's last one get ranges of their own.
 */
final class DestinationOnly {
  private final MergedListing.Side destination;
  private final KeyFilter filter;

  /** The destination's keys in {@code (after, last]} ({@code last} null: to its end). */
  DestinationOnly(Listing destination, String after, String last, KeyFilter filter) {
    this.destination = new MergedListing.Side(destination, after, last, true);
    this.filter = filter;
  }

  /**
   * Adds to {@code cutter} every matching destination key before {@code sourceKey} (all that are
   * left when null) and passes over the destination's own copy of {@code sourceKey}; true when the
   * cutter's ranges are complete, so the listing must stop.
   */
  boolean cutBefore(String sourceKey, ListRangesActivityImpl.Cutter cutter) {
    ObjectInfo d;
    while ((d = destination.peek()) != null) {
      int cmp = sourceKey == null ? -1 : KeyOrder.compare(d.key(), sourceKey);
      if (cmp > 0) {
        return false;
      }
      if (cmp < 0 && filter.matches(d.key()) && cutter.addExtra(d.key())) {
        return true; // d is listed again by the next call, after the last range
      }
      destination.take();
    }
    return false;
  }
}
