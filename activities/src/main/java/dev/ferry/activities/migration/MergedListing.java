package dev.ferry.activities.migration;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

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

  @Override
  public boolean hasNext() {
    return source.peek() != null || (destination != null && destination.peek() != null);
  }

  @Override
  public Entry next() {
    ObjectInfo s = source.peek();
    ObjectInfo d = destination == null ? null : destination.peek();
    if (s == null && d == null) {
      throw new NoSuchElementException();
    }
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
