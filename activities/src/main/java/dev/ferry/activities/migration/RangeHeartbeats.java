package dev.ferry.activities.migration;

import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.workflows.FerryFailures;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * When a range attempt heartbeats, and which resume point each heartbeat names: with a report, a
 * heartbeat names a cursor only once the report's lines up to it are stored, so a retry that
 * resumes there finds them; between two stores it repeats the last stored cursor and counters. What
 * it says of the bytes in flight is always the attempt's own, live.
 */
final class RangeHeartbeats {
  /**
   * How often an object in transfer heartbeats its bytes: a cancel reaches the attempt only in a
   * heartbeat's reply, and a large object should stop within seconds. Between objects a range
   * heartbeats less often, as each heartbeat is a write on the Temporal server (and an action on
   * Temporal Cloud) and a late cancel costs at most a few small objects.
   */
  private static final long TRANSFER_NANOS = 1_000_000_000L;

  private static final long BETWEEN_OBJECTS_NANOS = 10_000_000_000L;

  /** How often a report's part is stored while the range runs. */
  private static final long REPORT_STORE_INTERVAL_NANOS = 5_000_000_000L;

  private final ActivityExecutionContext context;
  private final RangeReport report;
  private long lastBeat = System.nanoTime();
  private long lastStore = System.nanoTime();
  private RangeHeartbeat stored;
  private boolean workerStopping;

  /**
   * @param start where the attempt starts: the resume point a heartbeat names until the report is
   *     first stored
   */
  RangeHeartbeats(ActivityExecutionContext context, RangeReport report, RangeHeartbeat start) {
    this.context = context;
    this.report = report;
    this.stored = start;
  }

  /**
   * Stores the report, whose lines then reach {@code now}: the resume point a retry may name.
   *
   * <p>When the report's location as a whole refuses (a full disk, a bucket gone, credentials
   * refused), the objects written stand, but no later resume point may be named than the last
   * stored one: the side-fault failure pauses the migration, to continue from that point once the
   * location has room. Before, every range failed, and a migration whose 600 files were all copied
   * ended "0 copied, 600 failed".
   */
  void store(RangeHeartbeat now) {
    try {
      report.store();
    } catch (LocationFaultException e) {
      if (!report.isStoredIn(e.location())) {
        throw e;
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "report " + e.kind().words() + ": " + e.getMessage(),
          FerryFailures.SIDE_FAULT,
          "report",
          stored);
    }
    stored = now;
  }

  /**
   * Heartbeats {@code now} when a heartbeat is due (always when {@code force}), storing the report
   * first when a store is due.
   *
   * @param inTransfer whether an object's bytes are moving, which makes heartbeats more frequent
   * @param now where the attempt stands, built only when a heartbeat is due
   */
  void beat(boolean inTransfer, boolean force, Supplier<RangeHeartbeat> now) {
    long nanos = System.nanoTime();
    if (!force && nanos - lastBeat < (inTransfer ? TRANSFER_NANOS : BETWEEN_OBJECTS_NANOS)) {
      return;
    }
    lastBeat = nanos;
    RangeHeartbeat beat = now.get();
    if (report.enabled()) {
      if (force || nanos - lastStore >= REPORT_STORE_INTERVAL_NANOS) {
        store(beat);
        lastStore = nanos;
      } else {
        beat = beat.resumingAt(stored);
      }
    }
    if (workerStopping) {
      return;
    }
    try {
      // Throws ActivityCompletionException when the workflow cancelled the activity: let it out.
      context.heartbeat(beat);
    } catch (ActivityCanceledException e) {
      // The migration's counters lose this attempt's objects with the cancel; its report keeps
      // every object it finished, so that the report of a cancelled migration names all it wrote.
      try {
        report.store();
      } catch (RuntimeException unstored) {
        e.addSuppressed(unstored); // the cancel still ends the attempt
      }
      throw e;
    } catch (ActivityWorkerShutdownException e) {
      // The worker is stopping (SIGTERM): the attempt finishes within its grace, unheard meanwhile;
      // past the grace its thread is interrupted and a retry resumes from the last heartbeat.
      workerStopping = true;
    }
  }
}
