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

  /** Why {@code key} is unsafe, or null when it is fine. */
  static String problem(String key) {
    if (key == null || key.isEmpty()) {
      return "empty key";
    }
    if (key.indexOf('\0') >= 0) {
      return "contains NUL";
    }
    if (key.startsWith("/")) {
      return "absolute path";
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        return "empty path segment";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "'" + segment + "' segment";
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
        return "a name is longer than " + NAME_MAX + " bytes";
      }
      if (segment.startsWith(TEMP_PREFIX)) {
        return "names starting with " + TEMP_PREFIX + " are reserved";
      }
    }
    return null;
  }

  /** The key with control characters escaped, for messages. */
  static String printable(String key) {
    if (key == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    key.codePoints()
        .limit(300)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    return sb.toString();
  }

  /** Creates the directories of {@code path}'s parent (and the root) when missing. */
  void createParents(Path path) throws IOException {
    Path parent = path.getParent();
    if (parent != null && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(parent);
    }
  }
}
