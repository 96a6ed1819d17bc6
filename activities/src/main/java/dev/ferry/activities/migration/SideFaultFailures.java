package dev.ferry.activities.migration;

import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.LocationFaultException.Kind;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.workflows.FerryFailures;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a fault of a whole location into the {@link FerryFailures#SIDE_FAULT} failure that pauses
 * the migration: names the side it came from, and first confirms an unconfirmed one (a 403 may come
 * from a policy on one prefix) by listing one key of that side. A bucket-level listing that works
 * proves the side as a whole still answers, so the error concerns one object and stays a per-object
 * failure; one that fails the same way proves it is the whole side.
 */
final class SideFaultFailures {
  private static final Logger log = LoggerFactory.getLogger(SideFaultFailures.class);

  private final StorageBackend source;
  private final StorageBackend destination;

  /** Faults of the two open sides; {@code destination} is null where only the source is open. */
  SideFaultFailures(StorageBackend source, StorageBackend destination) {
    this.source = source;
    this.destination = destination;
  }

  /**
   * The failure that pauses the migration for {@code e}: a fault of a whole side, or on a range's
   * {@code lastAttempt} an outage of one that outlasted the retries; null for an error of one
   * object.
   */
  ApplicationFailure pausing(StorageException e, Object resumeFrom, boolean lastAttempt) {
    ApplicationFailure fault = failureOf(rootGoneOr(e), resumeFrom);
    return fault == null && lastAttempt ? outageOf(e, resumeFrom) : fault;
  }

  /**
   * For an object the source does not have: the fault of the whole source when its root is gone (an
   * unmounted filesystem, a deleted bucket), which every other object would meet too; else {@code
   * e}. An audit unmounted a source mid-run and saw 1,689 objects fail one by one.
   */
  private StorageException rootGoneOr(StorageException e) {
    if (!(e instanceof NotFoundException)) {
      return e;
    }
    try {
      if (source.rootExists()) {
        return e;
      }
    } catch (StorageException unknown) {
      return e; // the object's own failure stands
    }
    return new LocationFaultException(
        Kind.GONE,
        source.describe(),
        source.describe() + " no longer exists (unmounted, or deleted?)",
        true,
        e);
  }

  /**
   * The side-fault failure for {@code e}, with {@code resumeFrom} (where the activity stopped) as
   * detail, or null when {@code e} is not a fault of a whole side.
   */
  ApplicationFailure failureOf(StorageException e, Object resumeFrom) {
    if (!(e instanceof LocationFaultException fault)) {
      return null;
    }
    String side;
    StorageBackend backend;
    if (destination != null && fault.location().equals(destination.describe())) {
      side = "destination";
      backend = destination;
    } else if (fault.location().equals(source.describe())) {
      side = "source";
      backend = source;
    } else {
      log.warn("a fault of {} concerns neither side: {}", fault.location(), fault.getMessage());
      return null;
    }
    LocationFaultException sure = fault.confirmed() ? fault : probe(backend);
    if (sure == null) {
      log.info("{} refused one object, not the whole side: {}", side, fault.getMessage());
      return null;
    }
    String reason = side + " " + sure.kind().words() + ": " + sure.getMessage();
    if (backend == destination && sure.kind() == Kind.GONE) {
      // Recreated empty, it no longer holds the ranges finished before: resume would count them.
      reason += FerryFailures.GONE_START_AGAIN;
    }
    return ApplicationFailure.newNonRetryableFailure(
        reason, FerryFailures.SIDE_FAULT, side, resumeFrom);
  }

  /**
   * On a range's last attempt, the side-fault failure for a transient error that an outage of a
   * whole side outlasted every retry of: a one-key listing of each side tells, and the first that
   * fails with a transient error too is unreachable. The migration then pauses, to be resumed once
   * the side answers, instead of counting the range's objects failed. Null when both sides list.
   */
  ApplicationFailure outageOf(StorageException e, Object resumeFrom) {
    if (!(e instanceof RetryableStorageException)) {
      return null;
    }
    String side = null;
    RetryableStorageException down = unreachable(source);
    if (down != null) {
      side = "source";
    } else if (destination != null && (down = unreachable(destination)) != null) {
      side = "destination";
    }
    if (down == null) {
      return null;
    }
    String reason =
        side
            + " unreachable: "
            + down.getMessage()
            + " (still so after every retry; resume once it answers again)";
    return ApplicationFailure.newNonRetryableFailure(
        reason, FerryFailures.SIDE_FAULT, side, resumeFrom);
  }

  /** The transient error a one-key listing of {@code backend} meets, or null when it answers. */
  private static RetryableStorageException unreachable(StorageBackend backend) {
    return listOneKey(backend) instanceof RetryableStorageException down ? down : null;
  }

  /** The fault a one-key listing of {@code backend} meets, or null when it lists. */
  private static LocationFaultException probe(StorageBackend backend) {
    // A transient or per-object error proves nothing of the whole side.
    return listOneKey(backend) instanceof LocationFaultException fault ? fault : null;
  }

  /** What a one-key listing of {@code backend} fails with, or null when it lists. */
  private static StorageException listOneKey(StorageBackend backend) {
    try {
      backend.list(null, null, 1);
      return null;
    } catch (StorageException e) {
      return e;
    }
  }
}
