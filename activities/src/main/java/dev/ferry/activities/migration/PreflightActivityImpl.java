package dev.ferry.activities.migration;

import dev.ferry.activities.report.ReportParts;
import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.LocationFaultException.Kind;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.PreflightActivity;
import dev.ferry.workflows.PreflightResult;
import dev.ferry.workflows.Verification;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a migration that cannot work before anything is written: overlapping locations, an
 * unknown profile, a source that cannot be listed, a destination that cannot be written (a probe
 * object is written and deleted; a dry run only lists).
 */
final class PreflightActivityImpl implements PreflightActivity {
  /** Prefix of the probe object written to check that the destination accepts writes. */
  static final String PROBE_PREFIX = ".ferry-preflight-";

  /**
   * The probe object's key where the store refused to delete a key never written: that probe will
   * stay, so every run writes the same one rather than leaving one more.
   */
  static final String KEPT_PROBE = PROBE_PREFIX + "write-check";

  private static final Logger log = LoggerFactory.getLogger(PreflightActivityImpl.class);

  private final BackendResolver resolver;

  PreflightActivityImpl(BackendResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  @Override
  public PreflightResult preflight(MigrationRequest request) {
    return BackgroundHeartbeat.during(() -> StorageFailures.translate(() -> check(request)));
  }

  private PreflightResult check(MigrationRequest request) {
    StorageBackend source = open(request.source(), "source");
    try (source;
        StorageBackend destination = open(request.destination(), "destination")) {
      if (Locations.overlap(source.locationId(), destination.locationId())) {
        throw refuse(
            "source "
                + request.source()
                + " and destination "
                + request.destination()
                + " overlap; choose a destination outside the source");
      }
      if (!destination.keepsObjects()) {
        refuseDroppingDestination(request);
      }
      if (!source.rootExists()) {
        throw refuse("source " + request.source() + " does not exist; check the location");
      }
      try {
        Listing.walked(request, source).list(null, null, 1);
      } catch (NotFoundException | PermanentStorageException | LocationFaultException e) {
        throw refuse("source " + request.source() + " cannot be listed: " + e.getMessage());
      }
      if (request.filesFrom() != null) {
        try {
          KeyList.open(request.filesFrom());
        } catch (PermanentStorageException e) {
          throw refuse(e.getMessage());
        }
      }
      if (request.report() != null) {
        // Before the destination's probe, which may create its directory: a refused report
        // leaves the destination as it was.
        checkReport(request.report(), source, destination);
      }
      boolean destinationEmpty;
      String deletesRefused = null;
      try {
        destinationEmpty = isEmpty(destination);
        if (!request.dryRun()) {
          deletesRefused = probe(destination, request.mode() == Mode.SYNC);
        }
      } catch (NotFoundException | PermanentStorageException | LocationFaultException e) {
        throw refuse(
            "destination " + request.destination() + " is not writable: " + e.getMessage());
      }
      if (deletesRefused != null) {
        refuseOrWarn(request, deletesRefused);
      }
      return new PreflightResult(source.describe(), destination.describe(), destinationEmpty);
    }
  }

  /**
   * A destination that refuses deletes (append-only credentials of a backup bucket): a sync deletes
   * there, so it is refused; a copy or a move deletes nothing there and goes on, leaving the probe
   * object that showed it may write, which the worker's log names.
   */
  private static void refuseOrWarn(MigrationRequest request, String refusal) {
    if (request.mode() == Mode.SYNC) {
      throw refuse(
          "destination "
              + request.destination()
              + " refuses deletes, which a sync makes: "
              + refusal
              + ". Use --mode copy, or credentials that may delete there");
    }
    log.warn(
        "destination {} refuses deletes ({}); a {} deletes nothing there and goes on",
        request.destination(),
        refusal,
        request.mode().name().toLowerCase(Locale.ROOT));
  }

  /** A destination that keeps nothing has nothing to verify, and a move into it loses the data. */
  private static void refuseDroppingDestination(MigrationRequest request) {
    if (request.mode() == Mode.MOVE) {
      throw refuse(
          "destination "
              + request.destination()
              + " keeps nothing written to it, and a move deletes its sources;"
              + " use --mode copy");
    }
    if (request.verification() != Verification.NONE) {
      throw refuse(
          "destination "
              + request.destination()
              + " keeps nothing written to it, so there is nothing to verify; add --verify none");
    }
  }

  /**
   * Refuses a report location that cannot be written (a probe object is written and deleted, in a
   * dry run too, which writes its report) or that lies inside the source or destination, where the
   * report's parts would be migrated or overwritten.
   */
  private void checkReport(String report, StorageBackend source, StorageBackend destination) {
    try (StorageBackend store = open(report, "report location")) {
      for (StorageBackend side : List.of(source, destination)) {
        if (Locations.overlap(store.locationId(), side.locationId())) {
          throw refuse(
              "report location "
                  + report
                  + " overlaps the "
                  + (side == source ? "source" : "destination")
                  + "; choose a --report location outside both");
        }
      }
      try {
        String deletesRefused = probe(store, true);
        if (deletesRefused != null) {
          // Its parts are replaced and cleared as the migration goes.
          throw new PermanentStorageException("it refuses deletes (" + deletesRefused + ")");
        }
        clearEarlierReport(report);
      } catch (NotFoundException | PermanentStorageException e) {
        throw refuse(
            "report location "
                + report
                + " is not writable: "
                + e.getMessage()
                + "; choose another --report location");
      }
    }
  }

  /**
   * Deletes the parts an earlier execution of this workflow id left in its report (an id may be
   * used again once its migration has ended): the report describes this execution only.
   */
  private void clearEarlierReport(String report) {
    String id = Activity.getExecutionContext().getInfo().getWorkflowId();
    try (StorageBackend parts = resolver.open(ReportParts.location(report, id))) {
      ReportParts.clear(parts);
    } catch (NotFoundException e) {
      // no earlier report
    }
  }

  /** Whether the destination holds no object; listing it also proves it can be read. */
  static boolean isEmpty(StorageBackend destination) {
    try {
      return destination.list(null, null, 1).objects().isEmpty();
    } catch (NotFoundException e) {
      return true; // a destination directory that does not exist yet is created by the first write
    }
  }

  /**
   * Checks that {@code store} may be written and deleted in: first a delete of a key never written,
   * which writes nothing, then a probe object written and deleted. Returns null, or why the store
   * refuses deletes. Where ferry {@code mustDelete} there, it returns at the first refusal, having
   * written nothing; else the probe object still shows whether it may write, and stays ({@link
   * #KEPT_PROBE}).
   */
  private static String probe(StorageBackend store, boolean mustDelete) {
    String refused = deleteRefusal(store, PROBE_PREFIX + UUID.randomUUID());
    if (refused != null && mustDelete) {
      return refused;
    }
    String key = refused != null ? KEPT_PROBE : PROBE_PREFIX + UUID.randomUUID();
    store.put(key, new ByteArrayInputStream(new byte[0]), 0, ObjectMetadata.EMPTY);
    refused = refused != null ? refused : deleteRefusal(store, key);
    return refused == null ? null : refused + "; the probe object " + key + " stays there";
  }

  /**
   * Why {@code store} refuses to delete {@code key}, or null when it deletes it (or its absence).
   */
  private static String deleteRefusal(StorageBackend store, String key) {
    try {
      List<DeleteFailure> refused = store.delete(List.of(key));
      if (refused.isEmpty()) {
        return null;
      }
      if (refused.get(0).passing()) {
        throw new RetryableStorageException("delete " + key + ": " + refused.get(0).message());
      }
      return refused.get(0).message();
    } catch (LocationFaultException e) {
      if (e.kind() != Kind.CREDENTIALS) {
        throw e;
      }
      return e.getMessage();
    }
  }

  private StorageBackend open(String location, String role) {
    try {
      return Objects.requireNonNull(resolver.open(location), role);
    } catch (PermanentStorageException | NotFoundException | LocationFaultException e) {
      throw refuse(role + " " + location + ": " + e.getMessage());
    }
  }

  private static ApplicationFailure refuse(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FerryFailures.PREFLIGHT_REFUSED);
  }
}
