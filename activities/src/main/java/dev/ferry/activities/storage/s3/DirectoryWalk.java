package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A listing of the names in {@code (after, last]} walked directory by directory with the {@code /}
 * delimiter, as rclone lists without {@code --fast-list}. A store that keeps objects as files and
 * walks them for every request (S3Proxy's filesystem store reads every file under a request's
 * prefix, then pages) costs a walk of the whole tree for each page of a flat listing; walked per
 * directory, each file is read about once. The names come out in a flat listing's order: all names
 * under a common prefix sit together, where the prefix sorts among its siblings, so each is
 * expanded in place.
 *
 * <p>The first requests of the next {@value #AHEAD} sibling directories go out while one is walked,
 * as rclone's checkers list several directories at once, so a tree of many small directories is not
 * listed one round trip at a time. A walk hands out its names page by page and can go on where its
 * last page stopped; one walk is used by one thread at a time.
 */
final class DirectoryWalk {
  /** Entries per request, the S3 maximum. */
  static final int BATCH = 1000;

  /** Sibling directories whose first request goes out ahead of the walk. */
  static final int AHEAD = 4;

  /** A full name from a delimited listing: an object, or a common prefix when object is null. */
  record Entry(String name, ObjectInfo object) {}

  /** One reply of a delimited listing, entries in key order; {@code next} continues it, or null. */
  record Level(List<Entry> entries, String next) {}

  /**
   * Sends one ListObjectsV2 request with the {@code /} delimiter; the reply is awaited through the
   * supplier, which throws the request's failure.
   */
  @FunctionalInterface
  interface Requests {
    Supplier<Level> list(String prefix, String startAfter, String continuation, int maxKeys);
  }

  private final Requests requests;
  private final String last;

  /** The directories the walk is inside, deepest on top. */
  private final Deque<Directory> open = new ArrayDeque<>();

  /** First replies of directories not entered yet, by prefix. */
  private final Map<String, Supplier<Level>> ahead = new HashMap<>();

  /** The last name handed out, or the lower bound before any. */
  private String position;

  /**
   * A walk of the names in {@code (after, last]}.
   *
   * @param root a prefix of every name in the bound, where the walk starts
   * @param after exclusive lower bound (a full name starting with {@code root}), or null
   * @param last inclusive upper bound (a full name), or null for none
   */
  DirectoryWalk(Requests requests, String root, String after, String last) {
    this.requests = requests;
    this.last = last;
    this.position = after;
    // Resuming after a name reopens each directory above it, which lists on from that name (a
    // store may name the prefix the name is under again; it is at or before the name, so skipped).
    open.push(new Directory(root, after, null));
    if (after != null) {
      for (int i = after.indexOf('/', root.length()); i >= 0; i = after.indexOf('/', i + 1)) {
        open.push(new Directory(after.substring(0, i + 1), after, null));
      }
    }
  }

  /** Whether {@link #next} goes on with the names a new walk of {@code (after, last]} would. */
  boolean continues(String after, String last) {
    return after != null && after.equals(position) && Objects.equals(this.last, last);
  }

  /** The next at most {@code maxKeys} objects, in key order. */
  ListPage next(int maxKeys) {
    List<ObjectInfo> objects = new ArrayList<>();
    while (!open.isEmpty()) {
      Directory directory = open.peek();
      Entry e = directory.next(maxKeys);
      if (e == null) {
        open.pop();
      } else if (last != null && KeyOrder.compare(e.name(), last) > 0) {
        // Names come in key order and everything under a prefix sorts after it: nothing follows.
        open.clear();
        return new ListPage(objects, false);
      } else if (e.object() == null) {
        Supplier<Level> first = ahead.remove(e.name());
        if (first == null) {
          first = requests.list(e.name(), null, null, requestSize(maxKeys));
        }
        directory.listAhead(maxKeys);
        open.push(new Directory(e.name(), null, first));
      } else {
        objects.add(e.object());
        position = e.name();
        if (objects.size() == maxKeys) {
          boolean more = !e.name().equals(last) && !open.stream().allMatch(Directory::listed);
          return new ListPage(objects, more);
        }
      }
    }
    return new ListPage(objects, false);
  }

  /**
   * The size of a request for pages of {@code pageSize}: a page's worth, as a store that walks
   * files per request walks the whole directory whatever the size, and one more for a prefix named
   * again at the resume point.
   */
  private static int requestSize(int pageSize) {
    return Math.min(BATCH, pageSize + 1);
  }

  /** One directory (common prefix) being listed, page by page. */
  private final class Directory {
    private final String prefix;
    private final String after;
    private final Deque<Entry> buffer = new ArrayDeque<>();
    private Supplier<Level> pending;
    private String continuation;
    private boolean started;

    /** {@code first}: its first reply, requested ahead, or null to request it when needed. */
    Directory(String prefix, String after, Supplier<Level> first) {
      this.prefix = prefix;
      this.after = after;
      this.pending = first;
    }

    /** Whether every entry of this directory has been taken. */
    boolean listed() {
      return started && pending == null && continuation == null && buffer.isEmpty();
    }

    /** The next entry after {@code after}, or null at the end, in pages of {@code pageSize}. */
    Entry next(int pageSize) {
      while (true) {
        Entry e = buffer.poll();
        if (e != null) {
          if (after == null || KeyOrder.compare(e.name(), after) > 0) {
            return e;
          }
        } else if (started && pending == null && continuation == null) {
          return null;
        } else {
          if (pending == null) {
            String from = started ? null : after;
            pending = requests.list(prefix, from, continuation, requestSize(pageSize));
          }
          Level level = pending.get();
          pending = null;
          started = true;
          buffer.addAll(level.entries());
          continuation = level.next();
        }
      }
    }

    /** Sends the first requests of the next few subdirectories waiting in this directory. */
    void listAhead(int pageSize) {
      int sent = 0;
      for (Entry e : buffer) {
        if (sent == AHEAD || (last != null && KeyOrder.compare(e.name(), last) > 0)) {
          return;
        }
        if (e.object() == null) {
          ahead.computeIfAbsent(e.name(), p -> requests.list(p, null, null, requestSize(pageSize)));
          sent++;
        }
      }
    }
  }
}
