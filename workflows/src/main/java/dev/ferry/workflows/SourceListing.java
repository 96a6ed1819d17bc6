package dev.ferry.workflows;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The source listing of one run: partitions of the key space, each with its cursor, the ranges
 * listed but not started, and at most one {@code ListRanges} call in flight. A listing error is
 * handed to the workflow, which pauses.
 *
 * <p>A migration starts with one partition, the whole source. A call that lists slowly (it hands
 * back by time, not because it cut enough ranges) may split the rest of its partition where it
 * found more keys, so a store with slow listing pages is listed by up to {@link #MAX_PARTITIONS}
 * calls side by side; a fast listing stays one cursor.
 */
final class SourceListing {
  /**
   * Most ranges one {@code ListRanges} call returns. A call asks for twice the concurrency, so that
   * up to 32 slots get two whole waves of ranges: at 50, {@code --concurrency 32} got one and a
   * half, and the second half-wave ran with 14 slots idle. The result's keys stay within {@link
   * PayloadBudget#RANGE_KEY_BYTES} whatever the count.
   */
  static final int MAX_RANGES_PER_LISTING = 64;

  /**
   * Most partitions listed side by side, and most carried over continue-as-new (two keys of up to 1
   * KiB each: 64 KiB at worst).
   */
  static final int MAX_PARTITIONS = 32;

  /** Ranges in flight per listing call in flight: 64 ranges keep 16 listings going. */
  static final int RANGES_PER_LISTING_SLOT = 4;

  /** The change id of carrying ranges listed but not started over continue-as-new. */
  static final String CARRY_PENDING_RANGES = "carry-pending-ranges";

  private final List<Partition> partitions = new ArrayList<>();
  private boolean partitioned;
  private int partitionsDone;

  /**
   * A fresh listing of the whole source; {@code partitioned} lets it split (false replays the
   * single cursor of migrations started before partitions).
   */
  void start(boolean partitioned) {
    this.partitioned = partitioned;
    partitions.add(new Partition(null, null));
  }

  /** Continues the listing {@code c} hands over. */
  void restore(MigrationCheckpoint c, boolean partitioned) {
    this.partitioned = partitioned;
    partitionsDone = c.partitionsListed();
    if (c.partitions() != null) {
      for (ListingPartition p : c.partitions()) {
        Partition restored = new Partition(p.startAfter(), p.endAt());
        restored.pending.addAll(p.pending());
        if (!p.pending().isEmpty()) {
          restored.cursor = restored.pending.getLast().lastKey();
        }
        restored.complete = p.complete();
        partitions.add(restored);
      }
    } else if (!c.listingComplete()) {
      partitions.add(new Partition(c.cursor(), null));
    }
  }

  /**
   * Whether another {@code ListRanges} call is due: fewer ranges waiting than slots (twice as many
   * when partitioned, so that copies do not run dry while slow listings catch up).
   */
  boolean needsMore(int maxConcurrency) {
    int ahead = partitioned ? 2 * maxConcurrency : maxConcurrency;
    return pendingCount() < ahead
        && inFlightCount() < listingSlots(maxConcurrency)
        && idle() != null;
  }

  /**
   * The {@code --concurrency} slots listing calls take: when partitioned, each call in flight holds
   * one, so listings and copies together stay within the workers' activity slots (none before).
   */
  int slotsTaken() {
    return partitioned ? inFlightCount() : 0;
  }

  /**
   * Starts one {@code ListRanges} call on an idle partition, for up to twice {@code maxConcurrency}
   * ranges; each listed range goes to {@code listed} before it waits here; then {@code finished}
   * gets the call's error, or null.
   */
  void listMore(
      MigrationRequest request,
      int maxConcurrency,
      Consumer<KeyRange> listed,
      Consumer<RuntimeException> finished) {
    Partition p = idle();
    int max = Math.max(1, Math.min(MAX_RANGES_PER_LISTING, 2 * maxConcurrency));
    boolean split =
        partitioned
            && partitions.size() < MAX_PARTITIONS
            && openCount() < listingSlots(maxConcurrency);
    ListRangesActivity activity =
        Workflow.newActivityStub(
            ListRangesActivity.class,
            MigrationActivityOptions.listing(request, "list up to " + max + " ranges"));
    p.inFlight = true;
    Promise<ListRangesResult> result =
        Async.function(
            activity::listRanges, new ListRangesInput(request, p.cursor, max, p.endAt, split));
    result.handle(
        (r, e) -> {
          p.inFlight = false;
          if (e == null) {
            for (KeyRange range : r.ranges()) {
              p.pending.addLast(range);
              listed.accept(range);
              p.cursor = range.lastKey();
            }
            if (r.exhausted()) {
              p.complete = true;
            } else if (r.splitAt() != null && partitions.size() < MAX_PARTITIONS) {
              partitions.add(partitions.indexOf(p) + 1, new Partition(r.splitAt(), p.endAt));
              p.endAt = r.splitAt();
            }
            dropFinished();
          }
          finished.accept(e);
          return null;
        });
  }

  boolean inFlight() {
    return inFlightCount() > 0;
  }

  /** Whether the listing reached the end of every partition. */
  boolean complete() {
    return partitions.stream().allMatch(p -> p.complete);
  }

  boolean hasPending() {
    return pendingCount() > 0;
  }

  /** The next range to start, in key order within its partition. */
  KeyRange nextPending() {
    for (Partition p : partitions) {
      KeyRange range = p.pending.pollFirst();
      if (range != null) {
        p.started = range.lastKey();
        dropFinished();
        return range;
      }
    }
    return null;
  }

  /** Whether every range was listed and started. */
  boolean allStarted() {
    return partitions.isEmpty();
  }

  /**
   * What the next run lists and starts: each unfinished partition after its last started range,
   * with the ranges listed but not started as far as {@link PayloadBudget#PENDING_BYTES} allow, so
   * that its totals go on from this run's. A range left behind goes to {@code relisted} (its
   * objects leave the totals) and the next run lists it again, as every run did before the carry.
   */
  List<ListingPartition> handover(Consumer<KeyRange> relisted) {
    boolean carries = Workflow.getVersion(CARRY_PENDING_RANGES, Workflow.DEFAULT_VERSION, 1) == 1;
    long budget = carries ? PayloadBudget.PENDING_BYTES : 0;
    List<ListingPartition> next = new ArrayList<>();
    for (Partition p : partitions) {
      List<KeyRange> carried = new ArrayList<>();
      boolean whole = true; // the carried ranges must run on from p.started without a gap
      for (KeyRange range : p.pending) {
        long bytes = PayloadBudget.jsonBytes(range);
        whole = whole && bytes <= budget;
        if (whole) {
          carried.add(range);
          budget -= bytes;
        } else {
          relisted.accept(range);
        }
      }
      next.add(new ListingPartition(p.started, p.endAt, carried, whole && p.complete));
    }
    return next;
  }

  /** Partitions whose every range was listed and started, in this run and those before. */
  int partitionsDone() {
    return partitionsDone;
  }

  /** Partitions listed to their end, whether or not their ranges have all started. */
  int partitionsListed() {
    return partitionsDone + (int) partitions.stream().filter(p -> p.complete).count();
  }

  /** Partitions found so far: listed ones and those still listing. */
  int partitionsKnown() {
    return partitionsDone + partitions.size();
  }

  /** Listing calls that may run at once: more ranges in flight can use more. */
  private int listingSlots(int maxConcurrency) {
    if (!partitioned) {
      return 1;
    }
    int slots = (maxConcurrency + RANGES_PER_LISTING_SLOT - 1) / RANGES_PER_LISTING_SLOT;
    return Math.max(1, Math.min(MAX_PARTITIONS, slots));
  }

  /** The first partition with more to list and no call in flight, or null. */
  private Partition idle() {
    for (Partition p : partitions) {
      if (!p.complete && !p.inFlight) {
        return p;
      }
    }
    return null;
  }

  private void dropFinished() {
    int before = partitions.size();
    partitions.removeIf(p -> p.complete && p.pending.isEmpty() && !p.inFlight);
    partitionsDone += before - partitions.size();
  }

  private int pendingCount() {
    return partitions.stream().mapToInt(p -> p.pending.size()).sum();
  }

  private int inFlightCount() {
    return (int) partitions.stream().filter(p -> p.inFlight).count();
  }

  private long openCount() {
    return partitions.stream().filter(p -> !p.complete).count();
  }

  /** One partition's listing state. */
  private static final class Partition {
    private final Deque<KeyRange> pending = new ArrayDeque<>();
    private String cursor;
    private String started;
    private String endAt;
    private boolean complete;
    private boolean inFlight;

    Partition(String startAfter, String endAt) {
      this.cursor = startAfter;
      this.started = startAfter;
      this.endAt = endAt;
    }
  }
}
