package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.PermanentStorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Maps keys to paths under a root, refusing keys that would escape it.
 *
 * <p>A key is refused when it is empty, absolute, has an empty, {@code .} or {@code ..} segment,
 * contains NUL, has a name longer than the filesystem allows (255 bytes) or a reserved temporary
 * name, or when a directory on its way is a symlink: symlinks are never followed, so nothing
 * outside the root is read or written.
 */
final class KeyPaths {
  /** The longest file name (in UTF-8 bytes) common filesystems accept. */
  static final int NAME_MAX = 255;

  /** Prefix of in-progress files; never listed, so a partial write is never an object. */
  static final String TEMP_PREFIX = ".ferry-tmp-";

  private final Path root;

  static {
    // Said once, when the first filesystem location is opened.
    String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
    if (!encoding.equalsIgnoreCase("UTF-8")) {
      org.slf4j.LoggerFactory.getLogger(FileSystemBackend.class)
          .warn(
              "file names are decoded as {}, so non-ASCII names cannot be read or written;"
                  + " start the JVM with LC_ALL=C.UTF-8 (or another UTF-8 locale)",
              encoding);
    }
  }

  KeyPaths(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /**
   * The path for {@code key}.
   *
   * @throws PermanentStorageException naming the key when it is not a safe relative path
   */
  Path resolve(String key) {
    String problem = problem(key);
    if (problem != null) {
      throw new PermanentStorageException("invalid key '" + printable(key) + "': " + problem);
    }
    return root.resolve(key);
  }

  /**
   * Checks that no directory between the root and {@code path} is a symlink.
   *
   * @throws PermanentStorageException when one is
   */
  void requireNoSymlinkedParent(Path path, String key) {
    Path dir = path.getParent();
    while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
      if (Files.isSymbolicLink(dir)) {
        throw new PermanentStorageException(
            "invalid key '" + printable(key) + "': a directory on its path is a symlink");
      }
      dir = dir.getParent();
    }
  }

  /** Whether {@code path} is a regular file, not following a symlink. */
  static boolean isRegularFile(Path path) {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** Why {@code key} is unsafe, in words for a person, or null when it is fine. */
  static String problem(String key) {
    if (key == null || key.isEmpty()) {
      return "the key is empty";
    }
    if (key.indexOf('\0') >= 0) {
      return "it contains a NUL character, which no file name may hold";
    }
    if (key.startsWith("/")) {
      return "it is an absolute path (starts with '/'); keys are relative to the root";
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        return "it has an empty path segment ('//' or a trailing '/'), which no file name can be";
      }
      if (segment.equals(".")) {
        return "a '.' segment names the directory it is in, which no file can be";
      }
      if (segment.equals("..")) {
        return "a '..' segment would point outside the key's own directory";
      }
      int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > NAME_MAX) {
        return "a path segment is "
            + bytes
            + " bytes long (UTF-8); a file name may have at most "
            + NAME_MAX
            + " bytes";
      }
      if (segment.startsWith(TEMP_PREFIX)) {
        return "names starting with " + TEMP_PREFIX + " are reserved for ferry's temporary files";
      }
    }
    return null;
  }

  /**
   * Why {@code key} cannot be written at {@code target} because of what the destination already
   * holds: a file where a directory of the key's path must be, or a directory where the key's file
   * must be. Null when neither is the case.
   */
  String conflict(Path target, String key) {
    String[] segments = key.split("/");
    Path dir = root;
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < segments.length - 1; i++) {
      dir = dir.resolve(segments[i]);
      prefix.append(i == 0 ? "" : "/").append(segments[i]);
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return "'" + printable(prefix.toString()) + "' is a file at the destination";
      }
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return "'" + printable(key) + "' is a directory at the destination";
    }
    return null;
  }

  /** The longest part of a key that messages quote, in code points. */
  private static final int QUOTED_MAX = 80;

  /**
   * The key with control characters escaped, for messages; a long key is cut after {@value
   * #QUOTED_MAX} characters and ends in {@code ...} (the failure names the whole key anyway).
   */
  static String printable(String key) {
    if (key == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    key.codePoints()
        .limit(QUOTED_MAX)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    return key.codePointCount(0, key.length()) > QUOTED_MAX ? sb + "..." : sb.toString();
  }

  /**
   * Creates the directories of {@code path}'s parent (and the root) when missing, after checking
   * that none is made through a symlink (which would create it outside the root).
   */
  void createParents(Path path, String key) throws IOException {
    Path parent = path.getParent();
    if (parent != null && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      requireNoSymlinkedParent(path, key);
      Files.createDirectories(parent);
    }
  }
}
