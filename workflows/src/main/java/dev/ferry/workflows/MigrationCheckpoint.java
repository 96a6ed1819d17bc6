package dev.ferry.workflows;

import java.util.List;

/**
 * The compact state one run hands to the next over continue-as-new: cursor, counters, state and a
 * bounded tail of recent failures. Ranges in flight are drained before, so none is carried; the
 * partitions carry ranges listed and not started (see {@link ListingPartition}).
 *
 * @param state the state to resume in (RUNNING or PAUSED)
 * @param pausedReason why it is paused, or null
 * @param cursor last key of the last range started; listing resumes after it
 * @param listingComplete true when the listing reached the end of the source
 * @param objectsTotal matching objects in the ranges listed so far (before the carry of pending
 *     ranges: started so far)
 * @param bytesTotal their bytes
 * @param objectsCopied objects copied
 * @param objectsSkipped objects skipped
 * @param objectsFailed objects failed
 * @param objectsDeleted sources deleted
 * @param bytesCopied bytes copied
 * @param bytesDone bytes of the ranges that finished (copied, skipped or failed)
 * @param maxConcurrency the current in-flight limit (it may have been changed at run time)
 * @param consecutiveRangeFailures ranges in a row that failed entirely
 * @param startedAtMillis when the migration's first run started
 * @param runs how many runs came before the next one
 * @param recentFailures the newest failures, at most {@link #MAX_CARRIED_FAILURES} and no more than
 *     fit in {@link PayloadBudget#FAILURE_BYTES}
 * @param destinationEmptyAtStart what preflight found (see {@link RangeInput})
 * @param deleteApprovedBy who sent the last {@code approveDelete}, or null
 * @param deleteApprovedAtMillis when, or 0
 * @param passes the pass running and those before it; null in checkpoints older than passes
 * @param partitions what is left to list, each partition after its last started range; null in
 *     checkpoints older than partitions, which list after {@code cursor} unless {@code
 *     listingComplete}
 * @param partitionsListed partitions whose every range was listed and started (those listed to
 *     their end and still carrying pending ranges are among {@code partitions})
 * @param objectsKept destination objects a sync's prune kept as written since it listed them
 */
public record MigrationCheckpoint(
    MigrationState state,
    String pausedReason,
    String cursor,
    boolean listingComplete,
    long objectsTotal,
    long bytesTotal,
    long objectsCopied,
    long objectsSkipped,
    long objectsFailed,
    long objectsDeleted,
    long bytesCopied,
    long bytesDone,
    int maxConcurrency,
    int consecutiveRangeFailures,
    long startedAtMillis,
    int runs,
    List<ObjectFailure> recentFailures,
    boolean destinationEmptyAtStart,
    String deleteApprovedBy,
    long deleteApprovedAtMillis,
    PassState passes,
    List<ListingPartition> partitions,
    int partitionsListed,
    long objectsKept) {

  /** Failures carried over continue-as-new, so its input stays far below the payload limits. */
  public static final int MAX_CARRIED_FAILURES = 100;

  /** A checkpoint without a delete approval. */
  public MigrationCheckpoint(
      MigrationState state,
      String pausedReason,
      String cursor,
      boolean listingComplete,
      long objectsTotal,
      long bytesTotal,
      long objectsCopied,
      long objectsSkipped,
      long objectsFailed,
      long objectsDeleted,
      long bytesCopied,
      long bytesDone,
      int maxConcurrency,
      int consecutiveRangeFailures,
      long startedAtMillis,
      int runs,
      List<ObjectFailure> recentFailures,
      boolean destinationEmptyAtStart) {
    this(
        state,
        pausedReason,
        cursor,
        listingComplete,
        objectsTotal,
        bytesTotal,
        objectsCopied,
        objectsSkipped,
        objectsFailed,
        objectsDeleted,
        bytesCopied,
        bytesDone,
        maxConcurrency,
        consecutiveRangeFailures,
        startedAtMillis,
        runs,
        recentFailures,
        destinationEmptyAtStart,
        null,
        0,
        null,
        null,
        0,
        0);
  }

  public MigrationCheckpoint {
    recentFailures = recentFailures == null ? List.of() : List.copyOf(recentFailures);
    partitions = partitions == null ? null : List.copyOf(partitions);
  }
}
