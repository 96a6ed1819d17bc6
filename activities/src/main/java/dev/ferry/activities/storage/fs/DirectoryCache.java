package dev.ferry.activities.storage.fs;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The sorted entries of recently read directories, so that paging through a directory of a million
 * files reads and sorts it once rather than once per page.
 *
 * <p>An entry is valid while the directory's mtime is unchanged. A directory modified within the
 * last two seconds is not cached at all: its mtime may not yet reflect a change made in the same
 * clock tick (the "racily clean" problem git solves the same way). Bounded by the total number of
 * names held; least recently used directories go first. One directory at a time is read whole to
 * fill it, so concurrent walks of a new directory hold one full copy, not one each. Thread-safe.
 */
final class DirectoryCache {
  /** What is known of an entry's type without a stat. */
  enum Kind {
    /** Not looked at: it sorts the same whether file or directory. */
    UNKNOWN,
    /** A subdirectory; it sorts as its name plus {@code /}. */
    DIRECTORY,
    /** A regular file. */
    FILE,
    /**
     * A file or directory whose name is not valid UTF-8: listed under its escaped name so that it
     * is refused by name, never skipped; its attributes are read with the directory.
     */
    UNDECODABLE
  }

  /**
   * One entry of a directory, with the key it sorts by; {@code attributes} only for {@link
   * Kind#UNDECODABLE}, which cannot be looked up by name later.
   */
  record Child(String name, String sortKey, Kind kind, BasicFileAttributes attributes) {
    Child(String name, String sortKey, Kind kind) {
      this(name, sortKey, kind, null);
    }
  }

  private record Listing(long mtimeNanos, List<Child> children) {}

  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final int maxNames;
  private final Semaphore loading = new Semaphore(1);
  private final Map<Path, Listing> listings = new LinkedHashMap<>(16, 0.75f, true);
  private int names;

  DirectoryCache(int maxNames) {
    this.maxNames = maxNames;
  }

  /** The cached children of {@code dir} if its mtime is still {@code mtimeNanos}, else null. */
  synchronized List<Child> get(Path dir, long mtimeNanos) {
    Listing listing = listings.get(dir);
    return listing != null && listing.mtimeNanos == mtimeNanos ? listing.children : null;
  }

  /** Whether a directory of {@code names} entries last modified at {@code mtimeNanos} is kept. */
  boolean keeps(long mtimeNanos, int names, long nowNanos) {
    return nowNanos - mtimeNanos >= RACY_NANOS && names <= maxNames;
  }

  /**
   * Reads {@code dir} whole with {@code reader} and keeps it; null, reading nothing, while another
   * directory is being read whole.
   */
  List<Child> load(Path dir, long mtimeNanos, long nowNanos, Supplier<List<Child>> reader) {
    if (!loading.tryAcquire()) {
      return null;
    }
    try {
      List<Child> children = reader.get();
      put(dir, mtimeNanos, children, nowNanos);
      return children;
    } finally {
      loading.release();
    }
  }

  /** Remembers the children of {@code dir} read at mtime {@code mtimeNanos}, when safe to. */
  synchronized void put(Path dir, long mtimeNanos, List<Child> children, long nowNanos) {
    if (!keeps(mtimeNanos, children.size(), nowNanos)) {
      return;
    }
    Listing old = listings.put(dir, new Listing(mtimeNanos, List.copyOf(children)));
    names += children.size() - (old == null ? 0 : old.children.size());
    Iterator<Listing> eldest = listings.values().iterator();
    while (names > maxNames && eldest.hasNext()) {
      names -= eldest.next().children.size();
      eldest.remove();
    }
  }
}
