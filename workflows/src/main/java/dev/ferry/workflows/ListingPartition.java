package dev.ferry.workflows;

/**
 * A slice of the source's key space, {@code (startAfter, endAt]}, that a migration still has to
 * list: a slow listing is split into partitions listed side by side, and each run hands the
 * unfinished ones to the next.
 *
 * @param startAfter exclusive lower bound: the last key of the last range started from it, or null
 *     for the start of the source
 * @param endAt inclusive upper bound, or null for the end of the source
 */
public record ListingPartition(String startAfter, String endAt) {}
