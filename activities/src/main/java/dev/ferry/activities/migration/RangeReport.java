package dev.ferry.activities.migration;

import dev.ferry.activities.report.ReportLine;
import dev.ferry.activities.report.ReportPart;
import dev.ferry.activities.report.ReportParts;
import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.MigrationRequest;
import java.lang.management.ManagementFactory;
import java.time.Instant;

/**
 * The report lines of one attempt of a range activity ({@code --report}), in the part of its range
 * and step. {@link #NONE} stands in when the migration keeps no report.
 */
class RangeReport implements AutoCloseable {
  /** A report that writes nothing. */
  static final RangeReport NONE = new RangeReport();

  private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName();

  private final StorageBackend store;
  private final ReportPart part;
  private final String step;
  private final int attempt;
  private final Boolean dryRun;

  private RangeReport() {
    store = null;
    part = null;
    step = null;
    attempt = 0;
    dryRun = null;
  }

  private RangeReport(
      StorageBackend store, ReportPart part, String step, int attempt, boolean dryRun) {
    this.store = store;
    this.part = part;
    this.step = step;
    this.attempt = attempt;
    this.dryRun = dryRun ? Boolean.TRUE : null;
  }

  /**
   * The report of {@code step} over {@code range}, or {@link #NONE} without {@code --report}; in
   * the folder of {@code pass} of a live migration (0: none).
   */
  static RangeReport open(
      BackendResolver resolver,
      MigrationRequest request,
      String migrationId,
      KeyRange range,
      String step,
      int attempt,
      int pass) {
    if (request.report() == null) {
      return NONE;
    }
    ReportPassSweep.once(resolver, request.report(), migrationId, pass);
    StorageBackend store = resolver.open(ReportParts.location(request.report(), migrationId, pass));
    return new RangeReport(
        store,
        new ReportPart(store, migrationId, range, step, request, pass),
        step,
        attempt,
        request.dryRun());
  }

  boolean enabled() {
    return part != null;
  }

  /** Whether this is the copy step's part. */
  boolean isCopy() {
    return ReportLine.COPY.equals(step);
  }

  /** Keeps the lines an earlier attempt stored up to {@code resumeAfter} (null: none). */
  void carryOver(String resumeAfter) {
    if (enabled()) {
      part.carryOver(resumeAfter);
    }
  }

  void copied(ObjectInfo s, ObjectInfo written, String md5, boolean checkedOnArrival) {
    if (enabled()) {
      part.add(
          line(
              s.key(),
              s,
              step,
              dryRun != null ? ReportLine.WOULD_COPY : ReportLine.COPIED,
              md5,
              written == null ? null : written.etag(),
              checkedOnArrival ? ReportLine.ON_ARRIVAL : null,
              null,
              null));
    }
  }

  void skipped(ObjectInfo s, ObjectInfo d) {
    if (enabled()) {
      part.add(
          line(
              s.key(),
              s,
              step,
              ReportLine.SKIPPED,
              null,
              d == null ? null : d.etag(),
              null,
              null,
              null));
    }
  }

  void wouldDelete(ObjectInfo s, String deleteStep) {
    if (enabled()) {
      part.add(line(s.key(), s, deleteStep, ReportLine.WOULD_DELETE, null, null, null, null, null));
    }
  }

  void verified(ObjectInfo s, ObjectInfo d, String method) {
    if (enabled()) {
      part.add(
          line(
              s.key(),
              s,
              step,
              ReportLine.VERIFIED,
              null,
              d == null ? null : d.etag(),
              method,
              null,
              null));
    }
  }

  /**
   * A deleted object, with its size and ETag as the step listed it (null: not known, for one an
   * earlier attempt deleted): a move's source in {@code sourceEtag}, a sync's destination object in
   * {@code destinationEtag}.
   */
  void deleted(String key, ObjectInfo gone) {
    if (!enabled()) {
      return;
    }
    if (!ReportLine.PRUNE.equals(step) || gone == null) {
      part.add(line(key, gone, step, ReportLine.DELETED, null, null, null, null, null));
      return;
    }
    part.add(
        line(
            key,
            step,
            ReportLine.DELETED,
            gone.size(),
            null,
            null,
            null,
            gone.etag(),
            null,
            null,
            null));
  }

  /** A destination object a sync's prune kept: written there since the sync listed it. */
  void kept(ObjectInfo destination, String message) {
    if (enabled()) {
      part.add(
          line(
              destination.key(),
              null,
              step,
              ReportLine.KEPT,
              null,
              destination.etag(),
              null,
              FerryFailures.REASON_DESTINATION_CHANGED,
              message));
    }
  }

  void failed(String key, String reason, String message) {
    if (enabled()) {
      part.add(line(key, null, step, ReportLine.FAILED, null, null, null, reason, message));
    }
  }

  /**
   * Adds a range line: {@code objects} of the range fail without keys to name, {@code
   * rejectsCopied} and {@code rejectsSkipped} of them counted by copy before. With {@code whole},
   * the line replaces every other line of the part: the step failed as a whole.
   */
  void rangeFailed(
      KeyRange range,
      long objects,
      long rejectsCopied,
      long rejectsSkipped,
      String reason,
      String message,
      boolean whole) {
    if (!enabled()) {
      return;
    }
    if (whole) {
      part.clear();
    }
    part.add(
        new ReportLine(
            null,
            step,
            ReportLine.FAILED,
            null,
            null,
            null,
            null,
            null,
            null,
            attempt,
            WORKER,
            Instant.now().toString(),
            reason,
            message,
            dryRun,
            range.describe(),
            range.startAfter(),
            range.lastKey(),
            objects,
            step.equals(ReportLine.COPY) ? null : rejectsCopied,
            step.equals(ReportLine.COPY) ? null : rejectsSkipped));
  }

  /** Stores the part as it is now, replacing the stored one. */
  void store() {
    if (enabled()) {
      part.store();
    }
  }

  /** Whether {@code location} (a fault's) is where this report is stored. */
  boolean isStoredIn(String location) {
    return enabled() && store.describe().equals(location);
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }

  private ReportLine line(
      String key,
      ObjectInfo s,
      String lineStep,
      String action,
      String md5,
      String destinationEtag,
      String verifyMethod,
      String reason,
      String error) {
    return line(
        key,
        lineStep,
        action,
        s == null ? null : s.size(),
        s == null ? null : s.etag(),
        s == null || s.lastModified() == null ? null : s.lastModified().toString(),
        md5,
        destinationEtag,
        verifyMethod,
        reason,
        error);
  }

  /** A line of one object by its fields, by this attempt's worker, now. */
  private ReportLine line(
      String key,
      String lineStep,
      String action,
      Long size,
      String sourceEtag,
      String modified,
      String md5,
      String destinationEtag,
      String verifyMethod,
      String reason,
      String error) {
    return ReportLine.object(
        key,
        lineStep,
        action,
        size,
        sourceEtag,
        modified,
        md5,
        destinationEtag,
        verifyMethod,
        attempt,
        WORKER,
        Instant.now().toString(),
        reason,
        error,
        dryRun);
  }
}
