package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.fs.DirectoryCache.Child;
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
 * the start key are never read.
 */
final class KeyOrderWalk implements Iterator<KeyOrderWalk.Entry> {

  /** A regular file found by the walk. */
  record Entry(String key, Path path, BasicFileAttributes attributes) {}

  private static final Comparator<String> CODE_POINT_ORDER = KeyOrderWalk::compareKeys;

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

  /** Compares keys as S3 does: by UTF-8 bytes, which is the order of code points. */
  static int compareKeys(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
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
      String key = frame.prefix + child.sortKey();
      if (child.directory()) {
        if (frame.seek == null || compareKeys(frame.seek, key) < 0) {
          push(key, root.resolve(key), null);
        } else if (frame.seek.startsWith(key)) {
          push(key, root.resolve(key), frame.seek);
        }
      } else if (frame.seek == null || compareKeys(key, frame.seek) > 0) {
        Path path = root.resolve(key);
        BasicFileAttributes attrs = attributes(path);
        if (attrs != null && attrs.isRegularFile()) {
          return new Entry(key, path, attrs);
        }
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

  /** The directory's files and subdirectories in key order; symlinks and temp files left out. */
  private static List<Child> read(Path dir) {
    List<Child> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path path : entries) {
        String name = path.getFileName().toString();
        if (name.startsWith(KeyPaths.TEMP_PREFIX)) {
          continue;
        }
        BasicFileAttributes attrs = attributes(path);
        if (attrs == null) {
          continue;
        }
        if (attrs.isDirectory()) {
          children.add(new Child(name, name + "/", true));
        } else if (attrs.isRegularFile()) {
          children.add(new Child(name, name, false));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    children.sort(Comparator.comparing(Child::sortKey, CODE_POINT_ORDER));
    return children;
  }
}
