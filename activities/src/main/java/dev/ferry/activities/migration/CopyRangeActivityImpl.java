package dev.ferry.activities.migration;

import dev.ferry.activities.migration.MergedListing.Entry;
import dev.ferry.activities.migration.RangeRun.Origin;
import dev.ferry.activities.report.ReportLine;
import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.IoReasons;
import dev.ferry.activities.storage.NetworkFaults;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.OpenWithMetadata;
import dev.ferry.activities.storage.ResumableWrites;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.ServerSideCopy;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.workflows.CopyRangeActivity;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.RangeResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one range: source and destination listed side by side, the {@code ifExists} policy applied
 * per key, bytes streamed with their MD5 computed on the way (or copied server-side when the
 * destination can), content-type and user metadata carried. The MD5 goes into the fingerprints, so
 * verify need not read the source again.
 */
final class CopyRangeActivityImpl implements CopyRangeActivity {
  private final BackendResolver resolver;
  private static final Logger log = LoggerFactory.getLogger(CopyRangeActivityImpl.class);

  private final RangeListings listings;

  CopyRangeActivityImpl(BackendResolver resolver) {
    this(resolver, new RangeListings());
  }

  /** Takes a range's source objects from {@code listings} where ListRanges left them. */
  CopyRangeActivityImpl(BackendResolver resolver, RangeListings listings) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.listings = Objects.requireNonNull(listings, "listings");
  }

  @Override
  public RangeResult copyRange(RangeInput input) {
    return StorageFailures.translate(() -> copy(input));
  }

  private RangeResult copy(RangeInput input) {
    return RangeRun.attempt(input, resolver, ReportLine.COPY, run -> copy(input, run));
  }

  private RangeResult copy(RangeInput input, RangeRun run) {
    MigrationRequest request = input.request();
    // Fingerprints are only needed when verify (and delete) follow.
    boolean record = request.verifies();
    try (StorageBackend source = resolver.open(request.source());
        StorageBackend destination = resolver.open(request.destination())) {
      KeyFilter filter = KeyFilter.of(request, destination);
      // A first attempt may take the objects ListRanges listed here moments ago; a retry lists.
      List<ObjectInfo> listed =
          run.firstAttempt() ? listings.take(request.source(), input.range()).orElse(null) : null;
      Listing listedDestination =
          needsDestinationListing(input, run) ? Listing.present(request, destination) : null;
      String after = run.resumeAfter();
      String last = input.range().lastKey();
      MergedListing listing =
          (listed == null
                  ? new MergedListing(
                      Listing.source(request, source), listedDestination, after, last)
                  : new MergedListing(listed, listedDestination, after, last))
              .pairingByName(source, listedDestination == null ? null : destination);
      boolean serverSide = destination instanceof ServerSideCopy ssc && ssc.canCopyFrom(source);
      boolean readingAhead = !serverSide && !request.dryRun();
      try (ReadAhead readAhead = new ReadAhead(source, destination.keepsTags())) {
        run.watching(
            source,
            destination,
            () -> {
              Entry next = listing.hasNext() ? listing.next() : null;
              while (next != null) {
                Entry e = next;
                next = listing.hasNext() ? listing.next() : null;
                if (readingAhead && next != null && streamsWhole(request, filter, next)) {
                  readAhead.start(next.source());
                }
                if (request.mode() == Mode.SYNC
                    && e.destination() != null
                    && filter.matches(e.key())) {
                  noteForSync(request, e, run);
                }
                if (e.source() != null && filter.admits(e.source())) {
                  try {
                    if (Listing.isMissing(e.source())) {
                      refuseMissing(source, e.key(), run);
                    } else {
                      copyOne(request, source, destination, e, run, record, readAhead);
                    }
                  } catch (StorageException ex) {
                    run.storageError(e.key(), ex, Origin.NEW);
                  }
                  run.done(e.key());
                }
                ContinuedWrites.passed(destination, e.key(), run);
              }
              ContinuedWrites.rangeDone(destination, run);
              return null;
            });
      }
    }
    run.checkAllListed(input.range());
    return run.finish();
  }

  /**
   * A sync's view of a destination object: counted (the base of a percentage max-delete) and, when
   * the source has no object under its key, recorded for {@code PruneRange} (in a dry run: counted
   * as a would-be delete).
   */
  private static void noteForSync(MigrationRequest request, Entry e, RangeRun run) {
    run.atDestination();
    if (e.source() != null) {
      return;
    }
    if (request.dryRun()) {
      run.wouldDelete(e.destination(), ReportLine.PRUNE);
    } else if (!run.extraneous(e.destination(), MigrationRequest.MAX_BATCH_OBJECTS)) {
      log.warn(
          "{}: more destination-only objects in one range than a result carries; left to"
              + " the next pass",
          e.key());
    }
    run.done(e.key());
  }

  /**
   * Whether copy must see what the destination holds. Not with {@code OVERWRITE}, which writes
   * every object whatever is there; nor, with {@code SKIP_IDENTICAL}, on the first attempt at a
   * range of a destination preflight found empty (ranges are disjoint, so nothing of this range can
   * be there but what someone else writes meanwhile, which would be overwritten anyway unless
   * identical). A retry always looks, as its first attempt may have written.
   */
  private static boolean needsDestinationListing(RangeInput input, RangeRun run) {
    if (input.request().mode() == Mode.SYNC) {
      // Only what the destination holds can be extraneous; an empty one holds nothing of ours.
      return !(input.destinationEmptyAtStart() && run.firstAttempt());
    }
    IfExists policy = input.request().ifExists();
    return switch (policy) {
      case OVERWRITE -> false;
      case SKIP_IDENTICAL -> !(input.destinationEmptyAtStart() && run.firstAttempt());
      case SKIP -> true;
    };
  }

  /**
   * Fails a {@code --files-from} key the source did not have when listed: with the source's own
   * error where it refuses the key outright (asked again here), else as not found.
   */
  private static void refuseMissing(StorageBackend source, String key, RangeRun run) {
    source.stat(key); // throws for a key the source cannot hold
    run.fail(key, FerryFailures.REASON_NOT_FOUND, source.whyNoObject(key), Origin.NEW);
  }

  private static void copyOne(
      MigrationRequest request,
      StorageBackend source,
      StorageBackend destination,
      Entry e,
      RangeRun run,
      boolean record,
      ReadAhead readAhead) {
    ObjectInfo s = e.source();
    ObjectInfo d = e.destination();
    if (d != null) {
      switch (request.ifExists()) {
        case SKIP -> {
          // Not recorded: an object left as it was is never verified, so never deleted.
          run.skipped(s, d, false);
          return;
        }
        case SKIP_IDENTICAL -> {
          if (IdenticalObjects.identical(source, destination, s, d, run::progressOf)) {
            if (run.uploads().wasUploading(s) || run.retryOnEmptyDestination()) {
              // An earlier attempt wrote it and ended (died, timed out) before counting it: copied,
              // by this migration; its checksum is the destination's, as for a server-side copy.
              run.copied(s, d, s.size(), record, null, false);
            } else {
              run.skipped(s, d, record);
            }
            wouldDelete(request, s, run);
            return;
          }
        }
        case OVERWRITE -> {
          // copy below
        }
        default -> throw new IllegalStateException("unknown policy " + request.ifExists());
      }
    }
    if (request.dryRun()) {
      source.refuseUnreadable(s); // fails, as the real run would, what can never be read
      run.copied(s, null, s.size(), false, null, false);
      wouldDelete(request, s, run);
      return;
    }
    // An empty object is one request either way: a put, which versitygw also takes for a
    // directory marker that it refuses to copy server-side (DirectoryObjectContainsData).
    boolean serverSide =
        s.size() > 0 && destination instanceof ServerSideCopy ssc && ssc.canCopyFrom(source);
    ObjectInfo written =
        serverSide
            ? ((ServerSideCopy) destination).copyFrom(source, s.key(), s.key(), s)
            : stream(source, destination, s, run, readAhead);
    if (written.size() != s.size()) {
      throw new ChecksumMismatchException(
          "wrote " + written.size() + " bytes of " + s.key() + ", expected " + s.size());
    }
    // A streamed copy's checksum is the MD5 of the bytes this worker read and wrote, which verify
    // checks the destination against (or takes the destination's own check of them as a receipt);
    // a server-side copy's is the destination's own, proving nothing.
    run.copied(
        s,
        written,
        s.size(),
        record,
        serverSide ? null : written.checksum(),
        !serverSide && destination.checksWrites());
  }

  /**
   * Whether {@code e} will be streamed from the source, as {@link #copyOne} does with an object
   * that the destination lacks (or that it overwrites) unless the copy is server-side or a dry run.
   */
  private static boolean streamsWhole(MigrationRequest request, KeyFilter filter, Entry e) {
    return e.source() != null
        && !Listing.isMissing(e.source())
        && filter.admits(e.source())
        && (e.destination() == null || request.ifExists() == IfExists.OVERWRITE);
  }

  /**
   * In a dry run of a MOVE, counts and reports that {@code s} would be deleted once verified: a
   * copied object, or one found identical (an object {@code --if-exists skip} leaves is never).
   */
  private static void wouldDelete(MigrationRequest request, ObjectInfo s, RangeRun run) {
    if (request.dryRun() && request.mode() == Mode.MOVE) {
      run.wouldDelete(s, ReportLine.DELETE);
    }
  }

  /**
   * Streams the source's bytes into the destination, whose {@code put} hashes them on the way (its
   * result's checksum is their MD5), with content-type and user metadata carried.
   */
  private static ObjectInfo stream(
      StorageBackend source,
      StorageBackend destination,
      ObjectInfo s,
      RangeRun run,
      ReadAhead readAhead) {
    // Listings may leave content-type and user metadata out (S3's do): ask the source for them,
    // with the bytes where the source can (ReadAhead opens the object on the range's source).
    try {
      OpenWithMetadata.Opened opened = readAhead.open(s);
      ObjectMetadata metadata = opened.metadata();
      InputStream read = new SourceStream(opened.data(), source.describe(), s.key());
      try (InputStream in = new ProgressInputStream(read, run.writeProgressOf(s.key()))) {
        return destination instanceof ResumableWrites resumable
            ? ContinuedWrites.put(resumable, s, in, metadata, run)
            : destination.put(s.key(), in, s.size(), metadata, () -> run.stillWriting(s.key()));
      } catch (ChecksumMismatchException ex) {
        throw StatedChecksums.mismatch(source, s, metadata.md5(), run.progressOf(s.key()), ex);
      }
    } catch (StorageException ex) {
      // The destination's put met the source's failure: it is the source's to tell.
      RetryableStorageException sourceFailed = SourceStream.failedRead(ex);
      throw sourceFailed != null ? sourceFailed : ex;
    } catch (IOException ex) {
      // Opening the source, or reading it ahead of the put, failed (a put throws no IOException).
      String network = NetworkFaults.describe(ex);
      String why = network != null ? network : IoReasons.osReason(ex);
      throw new RetryableStorageException(source.describe() + ": read " + s.key() + ": " + why, ex);
    }
  }
}
