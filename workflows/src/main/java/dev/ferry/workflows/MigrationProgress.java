package dev.ferry.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A snapshot of a migration, answered by the {@code progress} query and printed by {@code ferry
 * status --json} with the same field names.
 *
 * <p>Totals grow while listing runs; {@code percent} and {@code etaSeconds} are exact once {@code
 * listingComplete}. {@code bytesPerSecond} is measured over a recent window, not the lifetime.
 * {@code deleteApprovedBy} and {@code deleteApprovedAt} name the last {@code approveDelete} signal
 * of a {@code --approve-delete} move, null before one. In a {@code dryRun} the copied, skipped and
 * byte counters say what would have been done; nothing was written.
 *
 * <p>The counters are those of the pass running ({@code pass}, from 1). A live migration runs
 * catch-up passes: {@code lastPass} says what the last ended one did, {@code converged} that it
 * found nothing to do, {@code finalPass} that the pass running started after {@code cutover}, and
 * {@code nextPassAt} when the next one starts while the migration waits between passes; {@code
 * live} says the migration runs passes until {@code cutover}.
 *
 * <p>While listing runs, {@code partitionsListed} of {@code partitionsKnown} partitions of the key
 * space are listed; a slow listing splits into more partitions as it goes (one partition: the
 * source listed from a single cursor).
 *
 * <p>{@code wouldPause} is, for a {@code dryRun} sync whose would-be deletes exceed {@code
 * --max-delete}, the pause the real pass would take; null otherwise.
 *
 * <p>{@code objectsKept} counts the destination objects a sync did not delete although the source
 * lacks them, because they were written at the destination since the sync listed them.
 */
// A client older than the worker that answers reads the fields it knows.
@JsonIgnoreProperties(ignoreUnknown = true)
public record MigrationProgress(
    String id,
    MigrationState state,
    Mode mode,
    String pausedReason,
    boolean listingComplete,
    long objectsTotal,
    long bytesTotal,
    long objectsCopied,
    long objectsSkipped,
    long objectsFailed,
    long objectsDeleted,
    long bytesCopied,
    int inFlight,
    int maxConcurrency,
    double percent,
    double bytesPerSecond,
    Long etaSeconds,
    Instant startedAt,
    Instant updatedAt,
    String deleteApprovedBy,
    Instant deleteApprovedAt,
    boolean dryRun,
    int pass,
    int passesCompleted,
    PassSummary lastPass,
    boolean converged,
    boolean finalPass,
    Instant nextPassAt,
    boolean live,
    int partitionsListed,
    int partitionsKnown,
    String wouldPause,
    long objectsKept) {

  /** A snapshot without a delete approval. */
  public MigrationProgress(
      String id,
      MigrationState state,
      Mode mode,
      String pausedReason,
      boolean listingComplete,
      long objectsTotal,
      long bytesTotal,
      long objectsCopied,
      long objectsSkipped,
      long objectsFailed,
      long objectsDeleted,
      long bytesCopied,
      int inFlight,
      int maxConcurrency,
      double percent,
      double bytesPerSecond,
      Long etaSeconds,
      Instant startedAt,
      Instant updatedAt) {
    this(
        id,
        state,
        mode,
        pausedReason,
        listingComplete,
        objectsTotal,
        bytesTotal,
        objectsCopied,
        objectsSkipped,
        objectsFailed,
        objectsDeleted,
        bytesCopied,
        inFlight,
        maxConcurrency,
        percent,
        bytesPerSecond,
        etaSeconds,
        startedAt,
        updatedAt,
        null,
        null,
        false,
        1,
        0,
        null,
        false,
        false,
        null,
        false,
        0,
        0,
        null,
        0);
  }

  /** Migration {@code id} in {@code state} as a client knows it without its counters: zeros. */
  public static MigrationProgress unknownCounters(String id, MigrationState state) {
    return new MigrationProgress(
        id, state, null, null, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null);
  }

  /** This snapshot with another rate and ETA (a client's own measure of the recent rate). */
  public MigrationProgress withRate(double rate, Long eta) {
    return moving(state, inFlight, rate, eta, nextPassAt);
  }

  /** This snapshot as the migration's last, ended in {@code end}: nothing in flight or moving. */
  public MigrationProgress ended(MigrationState end) {
    return moving(end, 0, 0, null, null);
  }

  /** This snapshot with other state and motion: what is in flight, its rate, and what is next. */
  private MigrationProgress moving(
      MigrationState newState, int ranges, double rate, Long eta, Instant nextPass) {
    return new MigrationProgress(
        id,
        newState,
        mode,
        pausedReason,
        listingComplete,
        objectsTotal,
        bytesTotal,
        objectsCopied,
        objectsSkipped,
        objectsFailed,
        objectsDeleted,
        bytesCopied,
        ranges,
        maxConcurrency,
        percent,
        rate,
        eta,
        startedAt,
        updatedAt,
        deleteApprovedBy,
        deleteApprovedAt,
        dryRun,
        pass,
        passesCompleted,
        lastPass,
        converged,
        finalPass,
        nextPass,
        live,
        partitionsListed,
        partitionsKnown,
        wouldPause,
        objectsKept);
  }

  /** Whether an {@code --approve-delete} move waits for the {@code approveDelete} signal. */
  public boolean awaitsDeleteApproval() {
    return state == MigrationState.PAUSED
        && pausedReason != null
        && pausedReason.startsWith(FerryNames.AWAITING_DELETE_APPROVAL);
  }

  /** Objects that reached an end: copied, skipped or failed. */
  public long objectsDone() {
    return objectsCopied + objectsSkipped + objectsFailed;
  }
}
