package dev.ferry.activities.migration;

import dev.ferry.activities.migration.MergedListing.Entry;
import dev.ferry.activities.migration.RangeRun.Origin;
import dev.ferry.activities.report.ReportLine;
import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.RangeResult;
import dev.ferry.workflows.Verification;
import dev.ferry.workflows.VerifyRangeActivity;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Verifies the objects copy named, each as {@link CopyCheck} checks it. Where the destination
 * checked every object of a COPY range on arrival, that check is the receipt and nothing is listed.
 * Objects that pass go on to delete.
 */
final class VerifyRangeActivityImpl implements VerifyRangeActivity {
  private final BackendResolver resolver;

  VerifyRangeActivityImpl(BackendResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  @Override
  public RangeResult verifyRange(RangeInput input) {
    return StorageFailures.translate(() -> verify(input));
  }

  private RangeResult verify(RangeInput input) {
    MigrationRequest request = input.request();
    // In a COPY the destination's checks on arrival are the receipts, as rclone and DataSync take
    // an upload's own check; a source changed since is a newer version, for the next run. The
    // workflow ends such ranges without verify; ranges of histories recorded before still come.
    if (request.mode() == Mode.COPY && input.fingerprints().allCheckedOnArrival()) {
      return new RangeResult(0, 0, 0, 0, 0, 0, 0, List.of(), input.fingerprints());
    }
    return RangeRun.attempt(input, resolver, ReportLine.VERIFY, run -> verify(input, run));
  }

  private RangeResult verify(RangeInput input, RangeRun run) {
    MigrationRequest request = input.request();
    RecordedObjects named = RecordedObjects.of(input.fingerprints());
    Verification level = request.effectiveVerification();
    try (StorageBackend source = resolver.open(request.source());
        StorageBackend destination = resolver.open(request.destination())) {
      MergedListing listing =
          MergedListing.ofSourceKeys(input, run.resumeAfter(), source, destination);
      return run.watching(
          source,
          destination,
          () -> {
            while (listing.hasNext()) {
              Entry e = listing.next();
              ObjectInfo s = e.source();
              Origin origin = named.originOf(s);
              if (origin == null) {
                continue;
              }
              try {
                CopyCheck.Problem problem =
                    CopyCheck.check(
                        source,
                        destination,
                        s,
                        e.destination(),
                        named.entries(origin),
                        level,
                        request.mode() == Mode.MOVE,
                        run);
                if (problem == null) {
                  run.passed(s, e.destination(), origin);
                  run.report().verified(s, e.destination(), level.name().toLowerCase(Locale.ROOT));
                } else {
                  run.fail(s.key(), problem.reason(), problem.message(), origin);
                }
              } catch (StorageException ex) {
                run.storageError(s.key(), ex, origin);
              }
              run.done(s.key());
            }
            return run.finish();
          });
    }
  }
}
