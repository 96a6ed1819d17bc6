package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.fs.DirectoryCache.Child;
import dev.ferry.activities.storage.fs.DirectoryCache.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * Walks the regular files under a root lazily, in the byte order of their keys, starting after a
 * key.
 *
 * <p>Only one directory's entries are held per level of depth. Within a directory a subdirectory
 * {@code d} sorts as {@code d/}, so {@code a-b < a.b < a/x < a0}, exactly as an object store orders
 * the same keys. Symlinks, special files and temporary files are skipped; subtrees entirely before
 * the start key are never read. A name that is not valid UTF-8 is listed escaped and flagged, never
 * skipped, and the walk does not enter such a directory (no key could name what is in it).
 */
final class KeyOrderWalk implements Iterator<KeyOrderWalk.Entry> {

  /**
   * A regular file found by the walk; or, when {@code undecodable}, a file or directory whose name
   * is not valid UTF-8, under its escaped name (see {@link RawNames}), which no key can open.
   */
  record Entry(String key, Path path, BasicFileAttributes attributes, boolean undecodable) {}

  /** One directory being walked; {@code seek} is the start key while still inside its subtree. */
  private static final class Frame {
    final String prefix;
    final List<Child> children;
    final String seek;
    int next;

    Frame(String prefix, List<Child> children, String seek) {
      this.prefix = prefix;
      this.children = children;
      this.seek = seek;
    }
  }

  private final Path root;
  private final DirectoryCache cache;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private Entry lookahead;

  /**
   * Starts a walk of {@code root} at the first key after {@code startAfter} (null: the first key).
   *
   * @throws UncheckedIOException when a directory cannot be read; a missing root walks nothing
   */
  KeyOrderWalk(Path root, String startAfter, DirectoryCache cache) {
    this.root = root;
    this.cache = cache;
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
        stack.pop();
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
        attrs = attributes(path);
        if (attrs == null) {
          continue;
        }
        kind = attrs.isDirectory() ? Kind.DIRECTORY : attrs.isRegularFile() ? Kind.FILE : null;
      }
      if (kind == Kind.DIRECTORY) {
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

  /** The file's attributes, not following links, or null when it vanished. */
  private static BasicFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException vanished) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void push(String prefix, Path dir, String seek) {
    // The root itself may be reached through a symlink (the operator chose it); nothing below it.
    BasicFileAttributes dirAttrs = prefix.isEmpty() ? rootAttributes(dir) : attributes(dir);
    if (dirAttrs == null || !dirAttrs.isDirectory()) {
      return;
    }
    long mtime = dirAttrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    List<Child> children = cache == null ? null : cache.get(dir, mtime);
    if (children == null) {
      children = read(dir);
      if (cache != null) {
        long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        cache.put(dir, mtime, children, now);
      }
    }
    stack.push(new Frame(prefix, children, seek));
  }

  /**
   * The directory's entries in key order, with a stat only where the type changes the order: a
   * directory {@code d} sorts as {@code d/}, which differs from {@code d} only when a sibling
   * starts with {@code d} followed by a character below {@code /} (such as {@code d-1} or {@code
   * d.txt}). Everything else is typed when the walk reaches it, so a page of a huge directory stats
   * about a page of entries.
   */
  private static List<Child> read(Path dir) {
    List<String> names = new ArrayList<>();
    List<Child> undecodable = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path path : entries) {
        String name = path.getFileName().toString();
        if (RawNames.undecodable(dir, path, name)) {
          BasicFileAttributes attrs = attributes(path);
          if (attrs != null && (attrs.isRegularFile() || attrs.isDirectory())) {
            String escaped = RawNames.escaped(path);
            undecodable.add(new Child(escaped, escaped, Kind.UNDECODABLE, attrs));
          }
        } else if (!name.startsWith(KeyPaths.TEMP_PREFIX)) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    names.sort(KeyOrder.COMPARATOR);
    List<Child> children = new ArrayList<>(names.size());
    boolean reorder = false;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (i + 1 < names.size() && sortsBetween(name, names.get(i + 1))) {
        BasicFileAttributes attrs = attributes(dir.resolve(name));
        if (attrs != null && attrs.isDirectory()) {
          children.add(new Child(name, name + "/", Kind.DIRECTORY));
          reorder = true;
        } else if (attrs != null && attrs.isRegularFile()) {
          children.add(new Child(name, name, Kind.FILE));
        }
      } else {
        children.add(new Child(name, name, Kind.UNKNOWN));
      }
    }
    if (!undecodable.isEmpty()) {
      children.addAll(undecodable);
      reorder = true;
    }
    if (reorder) {
      children.sort(Comparator.comparing(Child::sortKey, KeyOrder.COMPARATOR));
    }
    return children;
  }

  /** Whether {@code next} lies between {@code name} and {@code name + "/"}. */
  private static boolean sortsBetween(String name, String next) {
    return next.length() > name.length()
        && next.startsWith(name)
        && next.charAt(name.length()) < '/';
  }
}
