package dev.ferry.workflows;

import java.util.List;

/**
 * A slice of the source's key space, {@code (startAfter, endAt]}, that a migration still has to
 * list or start: a slow listing is split into partitions listed side by side, and each run hands
 * the unfinished ones to the next.
 *
 * @param startAfter exclusive lower bound: the last key of the last range started from it, or null
 *     for the start of the source
 * @param endAt inclusive upper bound, or null for the end of the source
 * @param pending ranges listed but not started, in key order from {@code startAfter}: the next run
 *     starts them without listing them again (empty in checkpoints older than this field)
 * @param complete true when {@code pending} reaches {@code endAt}: nothing is left to list
 */
public record ListingPartition(
    String startAfter, String endAt, List<KeyRange> pending, boolean complete) {

  /** A partition with nothing listed yet. */
  public ListingPartition(String startAfter, String endAt) {
    this(startAfter, endAt, List.of(), false);
  }

  public ListingPartition {
    pending = pending == null ? List.of() : List.copyOf(pending);
  }
}
