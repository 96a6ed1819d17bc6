package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A listing walked directory by directory with the {@code /} delimiter, as rclone lists without
 * {@code --fast-list}. A store that keeps objects as files and walks them for every request
 * (S3Proxy's filesystem store reads every file under a request's prefix, then pages) costs a walk
 * of the whole tree for each page of a flat listing; walked per directory, each file is read about
 * once. The keys come out in a flat listing's order: all keys under a common prefix sit together,
 * where the prefix sorts among its siblings, so each is expanded in place.
 */
final class DirectoryWalk {
  /** Entries per request, the S3 maximum. */
  static final int BATCH = 1000;

  /** A full name from a delimited listing: an object, or a common prefix when object is null. */
  record Entry(String name, ObjectInfo object) {}

  /** One reply of a delimited listing, entries in key order; {@code next} continues it, or null. */
  record Level(List<Entry> entries, String next) {}

  /** Sends one ListObjectsV2 request with the {@code /} delimiter. */
  @FunctionalInterface
  interface Requests {
    Level list(String prefix, String startAfter, String continuation, int maxKeys);
  }

  private final Requests requests;

  DirectoryWalk(Requests requests) {
    this.requests = requests;
  }

  /**
   * At most {@code maxKeys} objects named in {@code (after, last]}, in key order.
   *
   * @param root a prefix of every name in the bound, where the walk starts
   * @param after exclusive lower bound (a full name starting with {@code root}), or null
   * @param last inclusive upper bound (a full name), or null for none
   */
  ListPage list(String root, String after, String last, int maxKeys) {
    // The directories the walk is inside, deepest on top. Resuming after a name reopens each
    // directory above it, which lists on from that name (a store may name the prefix the name is
    // under again; it is at or before the name, so it is skipped).
    Deque<Directory> open = new ArrayDeque<>();
    open.push(new Directory(root, after));
    if (after != null) {
      for (int i = after.indexOf('/', root.length()); i >= 0; i = after.indexOf('/', i + 1)) {
        open.push(new Directory(after.substring(0, i + 1), after));
      }
    }
    List<ObjectInfo> objects = new ArrayList<>();
    while (!open.isEmpty()) {
      Entry e = open.peek().next(maxKeys - objects.size());
      if (e == null) {
        open.pop();
      } else if (last != null && KeyOrder.compare(e.name(), last) > 0) {
        // Names come in key order and everything under a prefix sorts after it: nothing follows.
        return new ListPage(objects, false);
      } else if (e.object() == null) {
        open.push(new Directory(e.name(), null));
      } else {
        objects.add(e.object());
        if (objects.size() == maxKeys) {
          boolean more = !e.name().equals(last) && !open.stream().allMatch(Directory::listed);
          return new ListPage(objects, more);
        }
      }
    }
    return new ListPage(objects, false);
  }

  /** One directory (common prefix) being listed, page by page. */
  private final class Directory {
    private final String prefix;
    private final String after;
    private final Deque<Entry> buffer = new ArrayDeque<>();
    private String continuation;
    private boolean started;

    Directory(String prefix, String after) {
      this.prefix = prefix;
      this.after = after;
    }

    /** Whether every entry of this directory has been taken. */
    boolean listed() {
      return started && continuation == null && buffer.isEmpty();
    }

    /** The next entry after {@code after}, or null at the end; {@code wanted} sizes a request. */
    Entry next(int wanted) {
      while (true) {
        Entry e = buffer.poll();
        if (e != null) {
          if (after == null || KeyOrder.compare(e.name(), after) > 0) {
            return e;
          }
        } else if (started && continuation == null) {
          return null;
        } else {
          // One more than wanted: a prefix named again at the resume point does not count.
          int keys = Math.min(BATCH, wanted + 1);
          Level level = requests.list(prefix, started ? null : after, continuation, keys);
          started = true;
          buffer.addAll(level.entries());
          continuation = level.next();
        }
      }
    }
  }
}
