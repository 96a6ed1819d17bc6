package dev.ferry.activities.migration;

import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ProfileMissingException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.ObjectFailure;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.RangeResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * One attempt of a range activity: its counters, the fingerprints it passes on, heartbeating and
 * resuming from the previous attempt's heartbeat, and the per-object error policy shared by copy,
 * verify and delete.
 *
 * <p>Error policy: a permanent error of one object becomes an {@link ObjectFailure} and the range
 * goes on; a transient one is thrown so that Temporal retries the activity (which resumes after the
 * last heartbeated key), except on the last attempt, where it too becomes a failure so the range
 * finishes and names what it could not do. A fault of a whole side (full, read-only, credentials
 * refused, ...) is neither: it ends the activity at once with the side-fault failure, carrying
 * where the attempt stands, so that the range is continued from there once the migration resumes.
 */
final class RangeRun implements AutoCloseable {
  /** Where an object's outcome so far comes from, which decides which counter a failure moves. */
  enum Origin {
    /** Copy decides the object's outcome now. */
    NEW,
    /** Copy counted it as copied. */
    COPIED,
    /** Copy counted it as skipped (identical). */
    SKIPPED
  }

  private final RangeInput input;
  private final int attempt;
  private final boolean lastAttempt;
  private final String resumeAfter;
  private final UploadTracker uploads;
  private final RangeTally tally;
  private final boolean resumed;
  private SideFaultFailures sides;
  private String lastKey;
  // The object whose bytes are being written, and how many of them were read so far.
  private String writingKey;
  private long writingBytes;
  private final RangeReport report;
  private final RangeHeartbeats heartbeats;

  private RangeRun(
      ActivityExecutionContext context, RangeInput input, BackendResolver resolver, String step) {
    this.input = input;
    this.attempt = context.getInfo().getAttempt();
    this.lastAttempt = attempt >= input.request().maxRetries() + 1;
    RangeHeartbeat previous =
        context
            .getHeartbeatDetails(RangeHeartbeat.class)
            .orElseGet(() -> RangeHeartbeat.fromResumePoint(input.resumeFrom()));
    this.resumed = input.resumeFrom() != null;
    uploads = new UploadTracker(previous == null ? null : previous.upload());
    if (previous == null || previous.lastKey() == null) {
      resumeAfter = input.range().startAfter();
      tally = new RangeTally();
    } else {
      resumeAfter = previous.lastKey();
      lastKey = previous.lastKey();
      tally = new RangeTally(previous.partial());
    }
    report =
        RangeReport.open(
            resolver,
            input.request(),
            context.getInfo().getWorkflowId(),
            input.range(),
            step,
            Math.max(1, attempt),
            input.pass());
    report.carryOver(lastKey);
    heartbeats = new RangeHeartbeats(context, report, now(null, 0));
  }

  /**
   * Runs one attempt of a range activity: {@code body} over a started run, which is closed after; a
   * failure that ends the range is recorded in the report before it escapes.
   */
  static RangeResult attempt(
      RangeInput input,
      BackendResolver resolver,
      String step,
      Function<RangeRun, RangeResult> body) {
    try (RangeRun run = new RangeRun(Activity.getExecutionContext(), input, resolver, step)) {
      try {
        return body.apply(run);
      } catch (ProfileMissingException e) {
        throw run.lastAttempt ? run.pauseFor(e) : e;
      } catch (RuntimeException e) {
        run.failedWhole(e);
        throw e;
      }
    }
  }

  /** The report lines of this attempt. */
  RangeReport report() {
    return report;
  }

  /**
   * Whether this is the activity's first attempt and no activity stopped by a side fault preceded
   * it: no earlier one can have written anything.
   */
  boolean firstAttempt() {
    return attempt <= 1 && !resumed; // the server counts from 1; a test environment may say 0
  }

  /** Whether what copy finds at the destination was written by this range's earlier attempts. */
  boolean retryOnEmptyDestination() {
    return !firstAttempt() && input.destinationEmptyAtStart(); // ranges are disjoint
  }

  /**
   * Runs {@code body} on the open {@code source} and {@code destination}, turning a fault of a
   * whole side that escapes it (a listing's, a batch delete's) into the side-fault failure.
   */
  <T> T watching(StorageBackend source, StorageBackend destination, Supplier<T> body) {
    sides = new SideFaultFailures(source, destination);
    try {
      return body.get();
    } catch (StorageException e) {
      ApplicationFailure fault = sideFault(e);
      if (fault != null) {
        throw fault;
      }
      throw e;
    }
  }

  /**
   * The side-fault failure that pauses the migration when no attempt of this range found a worker
   * with the profiles it names: the objects are not at fault, and resume continues the range.
   */
  private ApplicationFailure pauseFor(ProfileMissingException e) {
    return ApplicationFailure.newNonRetryableFailure(
        e.getMessage() + " (so on each of its " + attempt + " attempts; resume once they have)",
        FerryFailures.SIDE_FAULT,
        "worker",
        state(null, 0));
  }

  /**
   * What pauses the migration for {@code e}, or null (see {@link SideFaultFailures}); on the last
   * attempt that includes a side that proves unreachable.
   */
  ApplicationFailure sideFault(StorageException e) {
    return sides == null ? null : sides.pausing(e, state(null, 0), lastAttempt);
  }

  /** Whether a retryable failure now ends the range instead: Temporal will not try it again. */
  boolean lastAttempt() {
    return lastAttempt;
  }

  /** The large-object upload that heartbeats report, for a retry to continue. */
  UploadTracker uploads() {
    return uploads;
  }

  /** The exclusive lower bound to list from: the range's start or the last heartbeated key. */
  String resumeAfter() {
    return resumeAfter;
  }

  /**
   * Counts {@code source} as copied; when recording, passes it on with the hex MD5 of the bytes
   * moved ({@code md5}, null when unknown) and whether the destination checked them on arrival.
   */
  void copied(
      ObjectInfo source,
      ObjectInfo written,
      long bytes,
      boolean record,
      String md5,
      boolean checked) {
    report.copied(source, written, md5, checked);
    tally.copied++;
    tally.bytesCopied += bytes;
    writingKey = null;
    if (record) {
      tally.passedCopied.add(source, md5, checked);
    }
  }

  void skipped(ObjectInfo source, ObjectInfo destination, boolean record) {
    report.skipped(source, destination);
    tally.skipped++;
    if (record) {
      tally.passedSkipped.add(source);
    }
  }

  /** Passes {@code source}, as verify checked it against {@code destination}, on to delete. */
  void passed(ObjectInfo source, ObjectInfo destination, Origin origin) {
    (origin == Origin.SKIPPED ? tally.passedSkipped : tally.passedCopied)
        .addVerified(source, destination);
  }

  /** Counts an object found at the destination (a sync's base of a percentage max-delete). */
  void atDestination() {
    tally.destinationObjects++;
  }

  /**
   * Records a destination object the source does not have, in the state listed, for {@code
   * PruneRange}; false (not recorded) once {@code max} are, so the result stays within the payload
   * limits: the rest wait for the next pass.
   */
  boolean extraneous(ObjectInfo destination, int max) {
    if (tally.extraneous.size() >= max) {
      return false;
    }
    tally.extraneous.add(destination);
    return true;
  }

  /**
   * Counts an object a dry run would delete: a move's source ({@code step} delete), a sync's
   * destination object ({@code step} prune, as the real run reports it).
   */
  void wouldDelete(ObjectInfo object, String step) {
    report.wouldDelete(object, step);
    tally.deleted++;
  }

  /** Counts {@code key} deleted: {@code gone} as the step listed it, or null when not known. */
  void deleted(String key, ObjectInfo gone) {
    report.deleted(key, gone);
    tally.deleted++;
  }

  /** Counts a destination object a sync's prune kept, as {@code message} says why. */
  void kept(ObjectInfo destination, String message) {
    report.kept(destination, message);
    tally.kept++;
  }

  /** Records that the object ends as failed; copy's outcome for it, if any, is withdrawn. */
  void fail(String key, String reason, String message, Origin origin) {
    report.failed(key, reason, message);
    writingKey = null;
    switch (origin) {
      case NEW -> tally.failed++;
      case COPIED -> tally.rejectedCopied++;
      case SKIPPED -> tally.rejectedSkipped++;
      default -> throw new IllegalStateException("unknown origin " + origin);
    }
    tally.failures.add(new ObjectFailure(key, reason, message, attempt));
  }

  /** Applies the error policy to a storage error of one object: record it, or throw to retry. */
  void storageError(String key, StorageException e, Origin origin) {
    ApplicationFailure fault = sideFault(e);
    if (fault != null) {
      throw fault; // every other object would fail alike: the workflow pauses instead
    }
    if (StorageFailures.isTransient(e) && !lastAttempt) {
      writingKey = null;
      beat(null, 0, true);
      throw StorageFailures.toFailure(e);
    }
    if (origin == Origin.NEW && e instanceof NotFoundException && input.sourceInService()) {
      // Deleted at the source since the range listed it, while the source stays in service (a
      // live pass before cutover): it leaves this pass's totals, and the next pass deals with it.
      writingKey = null;
      return;
    }
    fail(key, StorageFailures.reason(e), StorageFailures.message(e), origin);
  }

  /**
   * Checks that copy saw every object {@code ListRanges} counted in {@code range}. A listing can
   * come back short (a store whose listing is inconsistent while the same prefix changes, or
   * objects deleted meanwhile); finishing the range then would leave objects in no counter and, for
   * a MOVE, at the source. A retry starts the range over; on the last attempt the missing ones
   * count as failed, so {@code copied + skipped + failed == total} still holds.
   */
  void checkAllListed(KeyRange range) {
    long seen = tally.seen();
    if (seen >= range.objects() || input.sourceInService()) {
      return; // a source in service deletes objects: the workflow takes them out of the totals
    }
    String message =
        "the source listed "
            + seen
            + " of the "
            + range.objects()
            + " objects counted in range "
            + range.describe()
            + " (deleted at the source since the migration listed them, or no longer listed by"
            + " the store)";
    if (!lastAttempt) {
      lastKey = null; // the missing keys lie before the cursor: the retry lists the whole range
      beat(null, 0, true);
      throw StorageFailures.toFailure(new RetryableStorageException(message + "; listing again"));
    }
    tally.failed += range.objects() - seen;
    report.rangeFailed(
        range, range.objects() - seen, 0, 0, FerryFailures.REASON_RANGE_FAILED, message, false);
    tally.failures.add(
        new ObjectFailure(range.describe(), FerryFailures.REASON_RANGE_FAILED, message, attempt));
  }

  /** Marks every key up to {@code key} handled; heartbeats now and then. */
  void done(String key) {
    lastKey = key;
    beat(null, 0, false);
  }

  /** A callback for the bytes of {@code key} read so far, heartbeating now and then. */
  LongConsumer progressOf(String key) {
    return bytes -> beat(key, bytes, false);
  }

  /**
   * Like {@link #progressOf}, for the bytes of {@code key} read to be written to the destination:
   * heartbeats count them as written until the object is counted as copied or failed.
   */
  LongConsumer writeProgressOf(String key) {
    writingKey = key;
    writingBytes = 0;
    return bytes -> {
      if (key.equals(writingKey)) {
        writingBytes = bytes;
      }
      beat(key, bytes, false);
    };
  }

  /** Heartbeats now and then while {@code key}'s write waits on the destination. */
  void stillWriting(String key) {
    beat(key, key.equals(writingKey) ? writingBytes : 0, false);
  }

  /** Bytes written so far, the object being written included: live, unlike a stored state's. */
  private long bytesWritten() {
    return tally.bytesCopied + (writingKey != null ? writingBytes : 0);
  }

  private void beat(String currentKey, long currentBytes, boolean force) {
    heartbeats.beat(currentKey != null, force, () -> now(currentKey, currentBytes));
  }

  /** Where this attempt stands, as a side fault's resume point says (its report stored first). */
  private RangeHeartbeat state(String currentKey, long currentBytes) {
    RangeHeartbeat now = now(currentKey, currentBytes);
    heartbeats.store(now);
    return now;
  }

  private RangeHeartbeat now(String currentKey, long currentBytes) {
    return new RangeHeartbeat(
        lastKey, result(), currentKey, currentBytes, uploads.current(), bytesWritten());
  }

  /** Stores the report's part and returns the attempt's result: the range is done. */
  RangeResult finish() {
    heartbeats.store(now(null, 0));
    return result();
  }

  /**
   * Records, before {@code e} escapes the activity, that the step failed as a whole when no retry
   * follows (see {@link WholeStepFailure}).
   */
  void failedWhole(RuntimeException e) {
    if (report.enabled() && WholeStepFailure.endsRange(e, lastAttempt)) {
      WholeStepFailure.record(report, input, e);
    }
  }

  @Override
  public void close() {
    report.close();
  }

  RangeResult result() {
    return tally.result();
  }
}
