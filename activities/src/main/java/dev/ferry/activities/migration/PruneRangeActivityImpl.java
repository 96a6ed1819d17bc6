package dev.ferry.activities.migration;

import dev.ferry.activities.migration.MergedListing.Entry;
import dev.ferry.activities.migration.RangeRun.Origin;
import dev.ferry.activities.report.ReportLine;
import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.PruneRangeActivity;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.RangeResult;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single guard through which a SYNC deletes destination objects: only those copy recorded as
 * having no source (named by the fingerprints), only while their size, ETag and last-modified time
 * are those copy listed, and only while the source still has no object under the key; the delete
 * itself holds to the object this step listed ({@link StorageBackend#deleteUnchanged}). So an
 * object written to the destination after that listing, or back at the source, is never deleted.
 */
final class PruneRangeActivityImpl implements PruneRangeActivity {
  private static final Logger log = LoggerFactory.getLogger(PruneRangeActivityImpl.class);
  static final int BATCH = 500;

  private static final String WRITTEN_SINCE =
      "written at the destination since the sync listed it; kept, not deleted";

  private final BackendResolver resolver;

  PruneRangeActivityImpl(BackendResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  @Override
  public RangeResult pruneRange(RangeInput input) {
    MigrationRequest request = input.request();
    if (request.mode() != Mode.SYNC || request.dryRun()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "PruneRange runs only for a sync that is not a dry run", FerryFailures.INVALID_REQUEST);
    }
    return StorageFailures.translate(
        () -> RangeRun.attempt(input, resolver, ReportLine.PRUNE, run -> prune(input, run)));
  }

  private RangeResult prune(RangeInput input, RangeRun run) {
    MigrationRequest request = input.request();
    try (StorageBackend source = resolver.open(request.source());
        StorageBackend destination = resolver.open(request.destination())) {
      // A bucket gone under the deletes pauses the migration, as under the copies; it was a
      // failure of this range alone, and the sync ended COMPLETED with its destination missing.
      return run.watching(source, destination, () -> prune(input, run, source, destination));
    }
  }

  private RangeResult prune(
      RangeInput input, RangeRun run, StorageBackend source, StorageBackend destination) {
    FingerprintSet named = FingerprintSet.decode(input.fingerprints().copied());
    MergedListing listing = MergedListing.ofRange(input, run.resumeAfter(), source, destination);
    List<ObjectInfo> batch = new ArrayList<>();
    while (listing.hasNext()) {
      Entry e = listing.next();
      ObjectInfo d = e.destination();
      if (e.source() == null && d != null && named.containsUnchanged(d)) {
        batch.add(d);
        if (batch.size() >= BATCH) {
          flush(destination, batch, run);
        }
      } else if (e.source() == null && d != null && named.containsKey(d.key())) {
        // Copy listed it in another state: written since. Counted once the keys before it are,
        // so that a heartbeat never counts it without passing it.
        flush(destination, batch, run);
        kept(d, run);
        run.done(d.key());
      } else if (batch.isEmpty()) {
        run.done(e.key());
      }
    }
    flush(destination, batch, run);
    return run.finish();
  }

  /** Counts {@code d} kept: the source lacks it, but it was written at the destination since. */
  private static void kept(ObjectInfo d, RangeRun run) {
    log.info("{}: {}", d.key(), WRITTEN_SINCE);
    run.kept(d, WRITTEN_SINCE);
  }

  /**
   * Deletes the batched destination objects, each only while it is the object listed (one written
   * since is kept: it is no longer what the source lacked), and records those the store refused,
   * naming each with its reason.
   */
  private static void flush(StorageBackend destination, List<ObjectInfo> batch, RangeRun run) {
    if (batch.isEmpty()) {
      return;
    }
    Set<String> notDeleted = new HashSet<>();
    for (DeleteFailure f : UnchangedDeletes.delete(destination, batch, run)) {
      notDeleted.add(f.key());
      if (f.changed()) {
        // Named as it is now, the object kept, not as it was listed.
        ObjectInfo listed =
            batch.stream().filter(o -> o.key().equals(f.key())).findFirst().orElseThrow();
        kept(destination.stat(f.key()).orElse(listed), run);
      } else {
        run.fail(f.key(), FerryFailures.REASON_DELETE_FAILED, f.message(), Origin.NEW);
      }
    }
    batch.stream().filter(o -> !notDeleted.contains(o.key())).forEach(o -> run.deleted(o.key(), o));
    run.done(batch.get(batch.size() - 1).key());
    batch.clear();
  }
}
