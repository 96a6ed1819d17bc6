package dev.ferry.activities.migration;

import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.ListRangesActivity;
import dev.ferry.workflows.ListRangesInput;
import dev.ferry.workflows.ListRangesResult;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.PayloadBudget;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Walks the source listing after a cursor, up to the end of its partition, and cuts it into
 * contiguous ranges of at most {@code batchMaxObjects} matching objects and {@code batchMaxBytes}
 * bytes; an object of {@code batchMaxBytes} or more is a range of its own. Only counts and boundary
 * keys leave the worker. A call that hands back by time may split the rest of its partition ({@link
 * PartitionSplit}), so that a slow listing goes on from more cursors at once.
 */
final class ListRangesActivityImpl implements ListRangesActivity {
  static final int PAGE_SIZE = 1_000;

  /**
   * Fewest objects a re-cut tail range holds. A range's own cost is an activity's Temporal round
   * trips and one listing of the destination, about what one small object's copy costs; at 16
   * objects that is a few percent. Where each object waits on the network, fewer and fuller ranges
   * left slots idle: 2,000 objects at {@code --concurrency 32} made 20 ranges of 100.
   */
  static final int MIN_SPREAD_OBJECTS = 16;

  /**
   * How long one call lists before it hands back the ranges cut so far (closing the one being
   * filled), so that copies start while a slow listing goes on: a store that takes half a second
   * per page of 1,000 kept every copy of a 10,000-object migration waiting five seconds.
   */
  static final Duration LIST_AHEAD = Duration.ofMillis(500);

  /** How long an empty listing waits before the second look that confirms its end. */
  static final Duration SECOND_LOOK_AFTER = Duration.ofMillis(300);

  private final BackendResolver resolver;
  private final RangeListings listings;
  private final LongSupplier ticker;

  ListRangesActivityImpl(BackendResolver resolver) {
    this(resolver, new RangeListings(), System::nanoTime);
  }

  /**
   * Leaves each range's objects in {@code listings} for the copy of that range to take; {@code
   * ticker} gives nanoseconds for {@link #LIST_AHEAD}.
   */
  ListRangesActivityImpl(BackendResolver resolver, RangeListings listings, LongSupplier ticker) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.listings = Objects.requireNonNull(listings, "listings");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  @Override
  public ListRangesResult listRanges(ListRangesInput input) {
    // A page of a slow store may take longer than the heartbeat timeout.
    return BackgroundHeartbeat.during(() -> StorageFailures.translate(() -> list(input)));
  }

  /**
   * Lists with both sides open; a fault of either side's whole location pauses the migration naming
   * that side (a sync lists the destination too: a bucket gone there was called a failure of the
   * source's listing).
   */
  private ListRangesResult list(ListRangesInput input) {
    MigrationRequest request = input.request();
    try (StorageBackend source = resolver.open(request.source());
        StorageBackend destination = resolver.open(request.destination())) {
      try {
        return list(input, source, destination);
      } catch (StorageException e) {
        ApplicationFailure fault = new SideFaultFailures(source, destination).failureOf(e, null);
        if (fault != null) {
          throw fault;
        }
        throw e;
      }
    }
  }

  private ListRangesResult list(
      ListRangesInput input, StorageBackend source, StorageBackend destination) {
    MigrationRequest request = input.request();
    int maxRanges = Math.max(1, input.maxRanges());
    Cutter cutter =
        new Cutter(
            input.startAfter(), request.batchMaxObjects(), request.batchMaxBytes(), maxRanges);
    // What this call cut, kept in case the listing ends here and the tail is re-cut finer.
    List<ObjectInfo> listed = new ArrayList<>();
    String cursor = input.startAfter();
    long started = ticker.getAsLong();
    boolean endSeen = false;
    KeyFilter filter = KeyFilter.of(request, destination);
    Listing listing = Listing.source(request, source);
    // A sync's ranges also cover what only the destination holds, so each range's deletes stay
    // bounded and the destination's keys after the source's last one fall in a range too.
    DestinationOnly extras =
        request.mode() != Mode.SYNC
            ? null
            : new DestinationOnly(
                Listing.present(request, destination), input.startAfter(), input.endAt(), filter);
    while (true) {
      ListPage page = listing.list(cursor, input.endAt(), PAGE_SIZE);
      boolean end = !page.truncated() || page.objects().isEmpty();
      if (!page.objects().isEmpty()) {
        endSeen = false;
      }
      for (ObjectInfo o : page.objects()) {
        cursor = o.key();
        if (extras != null && extras.cutBefore(o.key(), cutter)) {
          return new ListRangesResult(kept(request, cutter.ranges, listed), false);
        }
        if (filter.admits(o)) {
          // Listed before the cutter decides: an object alone in the last range is that range's,
          // and one left to the next call lies past every range, so no range keeps it.
          listed.add(o);
          if (cutter.add(o)) {
            return new ListRangesResult(kept(request, cutter.ranges, listed), false);
          }
        }
      }
      if (end && !endSeen) {
        // The end is believed when an empty look from the last key agrees: a store that lists
        // a directory while files in it are deleted can stop early (S3Proxy 3.3 gives up on
        // the rest of a directory at a file that vanished, as a MOVE's own deletes make them),
        // and a listing that ends too soon leaves objects behind a COMPLETED migration.
        endSeen = true;
        if (page.objects().isEmpty()) {
          pause(SECOND_LOOK_AFTER); // nothing at all: let deletes in flight settle first
        }
        continue;
      }
      if (end && extras != null && extras.cutBefore(null, cutter)) {
        return new ListRangesResult(kept(request, cutter.ranges, listed), false);
      }
      if (end) {
        cutter.close();
        List<KeyRange> ranges =
            cutter.extras > 0
                ? cutter.ranges
                : spread(input.startAfter(), listed, cutter.ranges, request, maxRanges);
        return new ListRangesResult(kept(request, ranges, listed), true);
      }
      if (ticker.getAsLong() - started >= LIST_AHEAD.toNanos() && cutter.closeEarly()) {
        // The first call's ranges are the first wave of copies: spread over every slot, as the
        // last call's are, or a listing that went fast leaves a few full ranges to run alone.
        List<KeyRange> ranges =
            input.startAfter() == null && cutter.extras == 0
                ? spread(null, listed, cutter.ranges, request, maxRanges)
                : cutter.ranges;
        // Listing is slower than the copies it feeds: a second cursor can take the far part.
        String splitAt = input.split() ? PartitionSplit.find(listing, cursor, input.endAt()) : null;
        return new ListRangesResult(kept(request, ranges, listed), false, splitAt);
      }
      // Liveness only: a retry lists again from the input's cursor. A stopping worker (SIGTERM)
      // no longer heartbeats: the call ends within its grace, as its ranges are due anyway.
      try {
        Activity.getExecutionContext().heartbeat(null);
      } catch (ActivityWorkerShutdownException e) {
        // finish the call unheard
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code ranges}, each with its slice of {@code listed} left in {@link RangeListings}. */
  private List<KeyRange> kept(
      MigrationRequest request, List<KeyRange> ranges, List<ObjectInfo> listed) {
    int from = 0;
    for (KeyRange range : ranges) {
      int to = from;
      while (to < listed.size() && KeyOrder.compare(listed.get(to).key(), range.lastKey()) <= 0) {
        to++;
      }
      listings.put(request.source(), range, listed.subList(from, to));
      from = to;
    }
    return ranges;
  }

  /**
   * The ranges of the listing's last call (or of its first, handing back early), re-cut into up to
   * {@code maxRanges} smaller ones when it cut fewer: the workflow asks for twice its concurrency,
   * so the last objects of a migration (or all of a small one) spread over every slot instead of
   * leaving most of them idle while a few full ranges finish. A re-cut range holds at least {@link
   * #MIN_SPREAD_OBJECTS} objects (the byte limit still applies); the ranges stay unchanged when the
   * finer cut would exceed {@code maxRanges}.
   */
  static List<KeyRange> spread(
      String start,
      List<ObjectInfo> objects,
      List<KeyRange> ranges,
      MigrationRequest request,
      int maxRanges) {
    if (ranges.size() >= maxRanges || objects.size() <= ranges.size()) {
      return ranges;
    }
    long target = Math.max(MIN_SPREAD_OBJECTS, (objects.size() + maxRanges - 1) / maxRanges);
    if (target >= request.batchMaxObjects()) {
      return ranges;
    }
    Cutter finer = new Cutter(start, target, request.batchMaxBytes(), Integer.MAX_VALUE);
    for (ObjectInfo o : objects) {
      finer.add(o);
    }
    finer.close();
    return finer.ranges.size() <= maxRanges && finer.keyBytes <= PayloadBudget.RANGE_KEY_BYTES
        ? finer.ranges
        : ranges;
  }

  /**
   * Accumulates matching objects into ranges; in a sync, destination-only keys take a range's slots
   * too, without counting as its objects.
   */
  static final class Cutter {
    private final List<KeyRange> ranges = new ArrayList<>();
    private final long maxObjects;
    private final long maxBytes;
    private final int maxRanges;
    private String start;
    private String last;
    private long objects;
    private long bytes;
    private long slots;
    private long extras;
    private long keyBytes;

    Cutter(String start, long maxObjects, long maxBytes, int maxRanges) {
      this.start = start;
      this.maxObjects = maxObjects;
      this.maxBytes = maxBytes;
      this.maxRanges = maxRanges;
    }

    /** Adds an object; returns true when the ranges are complete and listing must stop. */
    boolean add(ObjectInfo o) {
      long size = Math.max(0, o.size()); // a listed key missing at the source has none
      boolean alone = size >= maxBytes;
      if (slots > 0 && (alone || slots + 1 > maxObjects || bytes + size > maxBytes)) {
        close();
        if (full()) {
          return true; // o is listed again by the next call, after the last range
        }
      }
      slots++;
      objects++;
      bytes += size;
      last = o.key();
      if (alone) {
        close();
        return full();
      }
      return false;
    }

    /** Adds a destination-only key of a sync; true when the ranges are complete. */
    boolean addExtra(String key) {
      if (slots + 1 > maxObjects) {
        close();
        if (full()) {
          return true; // listed again by the next call
        }
      }
      slots++;
      extras++;
      last = key;
      return false;
    }

    /** Closes the range being filled; true when there is a range to hand back. */
    boolean closeEarly() {
      close();
      return !ranges.isEmpty();
    }

    /**
     * Whether the ranges are as many as asked for, or their keys fill a result's share of a payload
     * (see {@link PayloadBudget}).
     */
    boolean full() {
      return ranges.size() >= maxRanges || keyBytes >= PayloadBudget.RANGE_KEY_BYTES;
    }

    void close() {
      if (slots == 0) {
        return;
      }
      keyBytes += PayloadBudget.jsonBytes(start) + PayloadBudget.jsonBytes(last);
      ranges.add(new KeyRange(start, last, objects, bytes));
      start = last;
      objects = 0;
      bytes = 0;
      slots = 0;
    }
  }
}
