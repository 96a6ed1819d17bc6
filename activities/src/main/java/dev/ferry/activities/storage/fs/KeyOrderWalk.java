package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.fs.DirectoryCache.Child;
import dev.ferry.activities.storage.fs.DirectoryCache.Kind;
import dev.ferry.activities.storage.fs.DirectoryWindow.Position;
import dev.ferry.activities.storage.fs.DirectoryWindow.Window;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Walks the regular files under a root lazily, in the byte order of their keys, starting after a
 * key.
 *
 * <p>Per level of depth, a directory's entries are held in a window of a few thousand (see {@link
 * DirectoryWindow}), or whole when the {@link DirectoryCache} keeps them. Within a directory a
 * subdirectory {@code d} sorts as {@code d/}, so {@code a-b < a.b < a/x < a0}, exactly as an object
 * store orders the same keys. Symlinks, special files and temporary files are skipped; subtrees
 * entirely before the start key are never read. A name that is not valid UTF-8 is listed escaped
 * and flagged, never skipped, and the walk does not enter such a directory (no key could name what
 * is in it).
 */
final class KeyOrderWalk implements Iterator<KeyOrderWalk.Entry> {

  /**
   * A regular file found by the walk; or, when {@code undecodable}, a file or directory whose name
   * is not valid UTF-8, under its escaped name (see {@link RawNames}), which no key can open.
   */
  record Entry(String key, Path path, BasicFileAttributes attributes, boolean undecodable) {}

  /**
   * One directory being walked: its entries in a window, or all of them from the cache; {@code
   * seek} is the start key while still inside its subtree.
   */
  private static final class Frame {
    final String prefix;
    final Path dir;
    final String seek;
    List<Child> children;
    Position last;
    boolean more;
    int next;

    Frame(String prefix, Path dir, String seek) {
      this.prefix = prefix;
      this.dir = dir;
      this.seek = seek;
    }

    void show(Window window) {
      children = window.children();
      last = window.last();
      more = window.more();
      next = 0;
    }

    /**
     * Notes that the entry just taken, {@code name}, is a directory: if it ends the window, the
     * next one starts after {@code name/}, where its subtree ends, even when it was not typed.
     */
    void entered(String name) {
      if (next == children.size()) {
        last = DirectoryWindow.directory(name);
      }
    }
  }

  /** Entries held per directory not served from the cache: a page of 1,000 keys reads it once. */
  static final int WINDOW = 2_048;

  private final Path root;
  private final DirectoryCache cache;
  private final int window;
  private final Predicate<String> enters;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private Entry lookahead;

  /**
   * Starts a walk of {@code root} at the first key after {@code startAfter} (null: the first key).
   *
   * @throws UncheckedIOException when a directory cannot be read; a missing root walks nothing
   */
  KeyOrderWalk(Path root, String startAfter, DirectoryCache cache) {
    this(root, startAfter, cache, WINDOW, directory -> true);
  }

  /** A walk that enters only the subdirectories {@code enters} accepts (by key, with its '/'). */
  KeyOrderWalk(Path root, String startAfter, DirectoryCache cache, Predicate<String> enters) {
    this(root, startAfter, cache, WINDOW, enters);
  }

  /** A walk that holds at most about {@code window} entries of each uncached directory. */
  KeyOrderWalk(Path root, String startAfter, DirectoryCache cache, int window) {
    this(root, startAfter, cache, window, directory -> true);
  }

  private KeyOrderWalk(
      Path root, String startAfter, DirectoryCache cache, int window, Predicate<String> enters) {
    this.root = root;
    this.cache = cache;
    this.window = window;
    this.enters = enters;
    push("", root, startAfter);
  }

  @Override
  public boolean hasNext() {
    if (lookahead == null) {
      lookahead = advance();
    }
    return lookahead != null;
  }

  @Override
  public Entry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Entry e = lookahead;
    lookahead = null;
    return e;
  }

  private Entry advance() {
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      if (frame.next >= frame.children.size()) {
        if (frame.more) {
          // After the last entry shown, so a name added or removed meanwhile shifts nothing.
          frame.show(DirectoryWindow.read(frame.dir, frame.last, window));
        } else {
          stack.pop();
        }
        continue;
      }
      Child child = frame.children.get(frame.next++);
      String key = frame.prefix + child.name();
      String dirKey = key + "/";
      String seek = frame.seek;
      if (seek != null
          && KeyOrder.compare(key, seek) <= 0
          && !seek.startsWith(dirKey)
          && KeyOrder.compare(dirKey, seek) <= 0) {
        continue; // before the start key as a file and as a directory: no stat needed
      }
      if (child.kind() == Kind.UNDECODABLE) {
        if (seek == null || KeyOrder.compare(key, seek) > 0) {
          return new Entry(key, null, child.attributes(), true);
        }
        continue;
      }
      Path path = root.resolve(key);
      Kind kind = child.kind();
      BasicFileAttributes attrs = null;
      if (kind != Kind.DIRECTORY) {
        attrs = DirectoryWindow.attributes(path);
        if (attrs == null) {
          continue;
        }
        kind = attrs.isDirectory() ? Kind.DIRECTORY : attrs.isRegularFile() ? Kind.FILE : null;
      }
      if (kind == Kind.DIRECTORY) {
        frame.entered(child.name());
        if (!enters.test(dirKey)) {
          continue; // left out whole: never read, so one the worker may not read is no fault
        }
        if (seek == null || KeyOrder.compare(seek, dirKey) < 0) {
          push(dirKey, path, null);
        } else if (seek.startsWith(dirKey)) {
          push(dirKey, path, seek);
        }
      } else if (kind == Kind.FILE && (seek == null || KeyOrder.compare(key, seek) > 0)) {
        return new Entry(key, path, attrs, false);
      }
    }
    return null;
  }

  private static BasicFileAttributes rootAttributes(Path root) {
    try {
      return Files.readAttributes(root, BasicFileAttributes.class);
    } catch (NoSuchFileException missing) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void push(String prefix, Path dir, String seek) {
    // The root itself may be reached through a symlink (the operator chose it); nothing below it.
    BasicFileAttributes dirAttrs =
        prefix.isEmpty() ? rootAttributes(dir) : DirectoryWindow.attributes(dir);
    if (dirAttrs == null || !dirAttrs.isDirectory()) {
      return;
    }
    long mtime = dirAttrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    Frame frame = new Frame(prefix, dir, seek);
    List<Child> cached = cache == null ? null : cache.get(dir, mtime);
    if (cached == null) {
      Window first = DirectoryWindow.read(dir, start(prefix, seek), window);
      cached = cache == null ? null : cacheable(dir, mtime, first, seek == null);
      frame.show(first);
    }
    if (cached != null) {
      frame.show(new Window(cached, DirectoryWindow.START, false, cached.size()));
    }
    stack.push(frame);
  }

  /**
   * All entries of a directory the cache keeps (unchanged for a while, not too large), from the
   * first window when it holds them all, else read whole once; null when it is not kept.
   */
  private List<Child> cacheable(Path dir, long mtime, Window first, boolean fromStart) {
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    if (!cache.keeps(mtime, first.names(), now)) {
      return null;
    }
    if (fromStart && !first.more()) {
      cache.put(dir, mtime, first.children(), now);
      return first.children();
    }
    return cache.load(dir, mtime, now, () -> DirectoryWindow.all(dir));
  }

  /**
   * Where the first window of a directory at {@code prefix} starts: at the seek's name in it, or,
   * when the seek lies deeper, at the subdirectory it lies in ({@code d/}).
   */
  private static Position start(String prefix, String seek) {
    if (seek == null) {
      return DirectoryWindow.START;
    }
    String rest = seek.substring(prefix.length());
    int slash = rest.indexOf('/');
    return DirectoryWindow.before(slash < 0 ? rest : rest.substring(0, slash + 1));
  }
}
