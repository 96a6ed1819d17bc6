package dev.ferry.activities.migration;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.RangeInput;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Source and destination listings of one range walked side by side in key order, like rclone's
 * merge of two listings: each step yields a key with its source and destination info (either may be
 * null). Both sides are paged, so memory stays bounded by the page size.
 */
final class MergedListing implements Iterator<MergedListing.Entry> {
  /** One key and what each side holds under it; a null side has no object there. */
  record Entry(String key, ObjectInfo source, ObjectInfo destination) {}

  static final int PAGE_SIZE = 1_000;

  private final Side source;
  private final Side destination;
  private StorageBackend sourceStore;
  private StorageBackend destinationStore;
  private final Set<String> yieldedOutOfOrder = new HashSet<>();
  private boolean destinationByName;
  private Entry pending;

  /**
   * Both sides' objects of {@code input}'s range after {@code resumeAfter}, paired by name: what a
   * verify, a move's delete or a sync's prune walks.
   */
  static MergedListing ofRange(
      RangeInput input, String resumeAfter, StorageBackend source, StorageBackend destination) {
    MigrationRequest request = input.request();
    return new MergedListing(
            Listing.present(request, source),
            Listing.present(request, destination),
            resumeAfter,
            input.range().lastKey())
        .pairingByName(source, destination);
  }

  /**
   * The source's objects of {@code input}'s range after {@code resumeAfter}, each with what the
   * destination holds under its key: what verify and the look on resume walk, which need nothing
   * the source lacks. A destination that {@link StorageBackend#looksUpKeysCheaply} is asked for
   * each key by name instead of listed: a filesystem destination being written was read whole for
   * every page of every range's verify (110,000 files in one directory: a third of the run).
   */
  static MergedListing ofSourceKeys(
      RangeInput input, String resumeAfter, StorageBackend source, StorageBackend destination) {
    if (!destination.looksUpKeysCheaply()) {
      return ofRange(input, resumeAfter, source, destination);
    }
    MergedListing bySource =
        new MergedListing(
                Listing.present(input.request(), source),
                null,
                resumeAfter,
                input.range().lastKey())
            .pairingByName(source, destination);
    bySource.destinationByName = true;
    return bySource;
  }

  MergedListing(Listing source, Listing destination, String after, String last) {
    this(new Side(source, after, last, false), destination, after, last);
  }

  /** The merge of a source listed already ({@code source}, in key order) with a destination. */
  MergedListing(List<ObjectInfo> source, Listing destination, String after, String last) {
    this(Side.listed(source, after, last), destination, after, last);
  }

  private MergedListing(Side source, Listing destination, String after, String last) {
    this.source = source;
    this.destination = destination == null ? null : new Side(destination, after, last, true);
  }

  /**
   * This merge, pairing the keys a store may list out of key order ({@link
   * KeyOrder#mayBeListedOutOfOrder}: Azurite orders by UTF-16 units): such a key found on one side
   * only is asked of the other side by name (a null store: not asked), and each such key is yielded
   * once. Without it, a sync took such a source object for one the source lacks and deleted its
   * copy, and a move kept a verified source as if its copy had changed.
   */
  MergedListing pairingByName(StorageBackend sourceStore, StorageBackend destinationStore) {
    this.sourceStore = sourceStore;
    this.destinationStore = destinationStore;
    return this;
  }

  @Override
  public boolean hasNext() {
    while (pending == null && (source.peek() != null || hasDestination())) {
      Entry e = merged();
      if (destinationByName) {
        pending = paired(e);
      } else if (!KeyOrder.mayBeListedOutOfOrder(e.key())
          || (sourceStore == null && destinationStore == null)) {
        pending = e;
      } else if (yieldedOutOfOrder.add(e.key())) {
        pending = paired(e);
      }
    }
    return pending != null;
  }

  @Override
  public Entry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Entry e = pending;
    pending = null;
    return e;
  }

  private boolean hasDestination() {
    return destination != null && destination.peek() != null;
  }

  /** The next entry of the two listings walked side by side. */
  private Entry merged() {
    ObjectInfo s = source.peek();
    ObjectInfo d = destination == null ? null : destination.peek();
    int cmp = s == null ? 1 : d == null ? -1 : KeyOrder.compare(s.key(), d.key());
    if (cmp < 0) {
      source.take();
      return new Entry(s.key(), s, null);
    }
    if (cmp > 0) {
      destination.take();
      return new Entry(d.key(), null, d);
    }
    source.take();
    destination.take();
    return new Entry(s.key(), s, d);
  }

  /** {@code e} with a side it lacks asked of that side's store by name. */
  private Entry paired(Entry e) {
    ObjectInfo s = e.source();
    ObjectInfo d = e.destination();
    if (s == null && sourceStore != null) {
      s = sourceStore.stat(e.key()).orElse(null);
    }
    if (d == null && destinationStore != null) {
      try {
        d = destinationStore.stat(e.key()).orElse(null);
      } catch (PermanentStorageException cannotHold) {
        d = null; // a key the destination cannot hold is not there; copy refuses it by name
      }
    }
    return new Entry(e.key(), s, d);
  }

  /** One paged side of the merge; on its own, one location's listing after a key, page by page. */
  static final class Side {
    private final Listing backend;
    private final String last;
    private final boolean missingIsEmpty;
    private final Deque<ObjectInfo> buffer = new ArrayDeque<>();
    private String cursor;
    private boolean exhausted;

    Side(Listing backend, String after, String last, boolean missingIsEmpty) {
      this.backend = backend;
      this.cursor = after;
      this.last = last;
      this.missingIsEmpty = missingIsEmpty;
    }

    /** A side whose objects in {@code (after, last]} are all at hand. */
    static Side listed(List<ObjectInfo> objects, String after, String last) {
      Side side = new Side(null, after, last, false);
      for (ObjectInfo o : objects) {
        if ((after == null || KeyOrder.compare(o.key(), after) > 0)
            && KeyOrder.compare(o.key(), last) <= 0) {
          side.buffer.add(o);
        }
      }
      side.exhausted = true;
      return side;
    }

    ObjectInfo peek() {
      while (buffer.isEmpty() && !exhausted) {
        ListPage page;
        try {
          page = backend.list(cursor, last, PAGE_SIZE);
        } catch (NotFoundException e) {
          if (!missingIsEmpty) {
            throw e;
          }
          // A destination that does not exist yet holds nothing.
          page = new ListPage(List.of(), false);
        }
        buffer.addAll(page.objects());
        if (page.lastKey() != null) {
          cursor = page.lastKey();
        }
        exhausted = !page.truncated() || page.objects().isEmpty();
      }
      return buffer.peekFirst();
    }

    void take() {
      buffer.pollFirst();
    }
  }
}
