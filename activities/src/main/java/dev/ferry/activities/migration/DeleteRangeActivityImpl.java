package dev.ferry.activities.migration;

import dev.ferry.activities.migration.MergedListing.Entry;
import dev.ferry.activities.migration.RangeRun.Origin;
import dev.ferry.activities.report.ReportLine;
import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.DeleteRangeActivity;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.RangeResult;
import dev.ferry.workflows.Verification;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The single guard through which MOVE deletes sources: only objects verify passed on (named by the
 * fingerprints), only while their size, ETag and last-modified time are those copy read, only while
 * the destination still holds the object verify checked (same size, ETag and last-modified time;
 * the same size where verify did not list it), never in a dry run or a COPY.
 */
final class DeleteRangeActivityImpl implements DeleteRangeActivity {
  static final int BATCH = 500;

  private static final String SOURCE_CHANGED = "source changed after it was verified; kept";

  private final BackendResolver resolver;

  DeleteRangeActivityImpl(BackendResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  @Override
  public RangeResult deleteRange(RangeInput input) {
    MigrationRequest request = input.request();
    if (request.mode() != Mode.MOVE || request.dryRun()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "DeleteRange runs only for a MOVE that is not a dry run", FerryFailures.INVALID_REQUEST);
    }
    return StorageFailures.translate(() -> delete(input));
  }

  private RangeResult delete(RangeInput input) {
    return RangeRun.attempt(input, resolver, ReportLine.DELETE, run -> delete(input, run));
  }

  private RangeResult delete(RangeInput input, RangeRun run) {
    MigrationRequest request = input.request();
    RecordedObjects named = RecordedObjects.of(input.fingerprints());
    try (StorageBackend source = resolver.open(request.source());
        StorageBackend destination = resolver.open(request.destination())) {
      return run.watching(
          source, destination, () -> deleteVerified(input, run, named, source, destination));
    }
  }

  /** Deletes the range's verified source objects that are unchanged on both sides. */
  private static RangeResult deleteVerified(
      RangeInput input,
      RangeRun run,
      RecordedObjects named,
      StorageBackend source,
      StorageBackend destination) {
    MergedListing listing = MergedListing.ofRange(input, run.resumeAfter(), source, destination);
    Map<String, Held> batch = new LinkedHashMap<>();
    while (listing.hasNext()) {
      Entry e = listing.next();
      ObjectInfo s = e.source();
      if (s == null && deletedBefore(run, named, e)) {
        // An earlier attempt deleted it and died before its heartbeat said so: count it here.
        run.deleted(e.key(), null);
        if (batch.isEmpty()) {
          run.done(e.key());
        }
        continue;
      }
      Origin origin = named.originOf(s);
      if (origin == null) {
        if (batch.isEmpty()) {
          run.done(e.key());
        }
        continue;
      }
      FingerprintSet recorded = named.entries(origin);
      ObjectInfo d = e.destination();
      if (!recorded.containsUnchanged(s)) {
        flush(source, batch, run);
        run.fail(s.key(), FerryFailures.REASON_SOURCE_CHANGED, SOURCE_CHANGED, origin);
      } else if (d == null || d.size() != s.size() || recorded.destinationChanged(d)) {
        flush(source, batch, run);
        run.fail(
            s.key(),
            FerryFailures.REASON_DESTINATION_CHANGED,
            "destination changed after verification; source kept",
            origin);
      } else if (!recorded.recordsDestinations()
          && notAsCopied(source, destination, s, d, recorded, run)) {
        flush(source, batch, run);
        run.fail(
            s.key(),
            FerryFailures.REASON_DESTINATION_CHANGED,
            "destination no longer holds the bytes copied (checked again: a worker older than this"
                + " one verified it); source kept",
            origin);
      } else {
        batch.put(s.key(), new Held(s, origin));
        if (batch.size() < BATCH) {
          continue;
        }
        flush(source, batch, run);
      }
      run.done(s.key());
    }
    flush(source, batch, run);
    return run.finish();
  }

  /**
   * Whether the copy {@code d} no longer checks out by checksum. Asked where the verify that passed
   * it recorded no destination state (a worker older than that record verified it, before an
   * upgrade): its destination could have been written over with the same size since, so its bytes
   * are checked again rather than deleting on size alone.
   */
  private static boolean notAsCopied(
      StorageBackend source,
      StorageBackend destination,
      ObjectInfo s,
      ObjectInfo d,
      FingerprintSet recorded,
      RangeRun run) {
    return CopyCheck.check(source, destination, s, d, recorded, Verification.CHECKSUM, true, run)
        != null;
  }

  /**
   * Whether an entry the source no longer lists is an object an earlier attempt of this range
   * deleted: a retry, an object verify passed on, and its verified copy at the destination. Keys up
   * to the last heartbeat are not listed again, so each such object is counted once.
   */
  private static boolean deletedBefore(RangeRun run, RecordedObjects named, Entry e) {
    return !run.firstAttempt() && e.destination() != null && named.named(e.key());
  }

  /**
   * A source object waiting in the batch, as the delete step listed it, and how copy counted it.
   */
  private record Held(ObjectInfo listed, Origin origin) {}

  /**
   * Deletes the batched sources, each only while it is the object listed (a write since is kept, as
   * {@code SOURCE_CHANGED}), and records those the store refused; keeps counters and cursor exact.
   */
  private static void flush(StorageBackend source, Map<String, Held> batch, RangeRun run) {
    if (batch.isEmpty()) {
      return;
    }
    List<String> keys = new ArrayList<>(batch.keySet());
    Map<String, DeleteFailure> refused = new HashMap<>();
    UnchangedDeletes.delete(source, batch.values().stream().map(Held::listed).toList(), run)
        .forEach(f -> refused.put(f.key(), f));
    for (String key : keys) {
      DeleteFailure f = refused.get(key);
      Origin origin = batch.get(key).origin();
      if (f == null) {
        run.deleted(key, batch.get(key).listed());
      } else if (f.changed()) {
        run.fail(key, FerryFailures.REASON_SOURCE_CHANGED, SOURCE_CHANGED, origin);
      } else {
        run.fail(key, FerryFailures.REASON_DELETE_FAILED, f.message(), origin);
      }
    }
    batch.clear();
    run.done(keys.get(keys.size() - 1));
  }
}
