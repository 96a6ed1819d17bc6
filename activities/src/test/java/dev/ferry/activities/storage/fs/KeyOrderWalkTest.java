package dev.ferry.activities.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.KeyOrder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk in small windows lists exactly what reading every directory whole and sorting lists: the
 * same keys, in the same order, from every start, on trees of names that sort next to each other
 * ({@code d}, {@code d-1}, {@code d.txt}, {@code d/x}, {@code d0}, non-BMP characters, raw bytes
 * that are not UTF-8).
 */
class KeyOrderWalkTest {
  /** Characters around {@code /} in byte order, one beyond the BMP (whose UTF-16 order differs). */
  private static final int[] ALPHABET = {'a', 'b', '-', '.', '0', '~', 'é', 0x1F600, 0xFF5E};

  @TempDir Path dir;

  /** An entry of the simple reference listing: its key, and its raw name when not UTF-8. */
  private record Listed(String key, Path rawName) {
    String label() {
      return rawName == null ? key : key + " [undecodable]";
    }
  }

  @Test
  void windowsListWhatAWholeSortedReadListsFromEveryStart() throws Exception {
    Random random = new Random(20261203);
    for (int tree = 0; tree < 30; tree++) {
      Path root = tree("tree" + tree, random);
      if (tree % 3 == 0) {
        addOddEntries(root);
      }
      List<Listed> expected = reference(root);
      // Unchanged for a while, so that the cache may keep its directories.
      setAllDirectoryTimes(root, Instant.now().minusSeconds(60));
      for (String start : starts(expected, random)) {
        List<String> want =
            expected.stream()
                .filter(e -> start == null || KeyOrder.compare(e.key(), start) > 0)
                .map(Listed::label)
                .toList();
        String where = "tree " + tree + " after " + start;
        for (int window : new int[] {1, 2, 3, 7, KeyOrderWalk.WINDOW}) {
          assertEquals(want, walk(root, start, null, window), where + ", window " + window);
        }
        // Whole from the cache, or windowed when too large for it.
        assertEquals(want, walk(root, start, new DirectoryCache(100_000), 3), where + ", cached");
        assertEquals(want, walk(root, start, new DirectoryCache(4), 3), where + ", small cache");
      }
    }
  }

  @Test
  void namesAddedOrRemovedBetweenWindowsNeverRepeatNorSkipOneThatStayed() throws IOException {
    Random random = new Random(42);
    for (int round = 0; round < 25; round++) {
      Path root = tree("changing" + round, random);
      List<String> initial = reference(root).stream().map(Listed::key).toList();
      String start = random.nextInt(3) == 0 || initial.isEmpty() ? null : pick(initial, random);
      Set<String> ever = new HashSet<>(initial);
      Set<String> removed = new HashSet<>();
      List<String> seen = new ArrayList<>();
      KeyOrderWalk walk = new KeyOrderWalk(root, start, null, 3);
      while (walk.hasNext()) {
        seen.add(walk.next().key());
        if (random.nextBoolean()) {
          String added = addRandomFile(root, random);
          if (added != null) {
            ever.add(added);
          }
        }
        if (random.nextBoolean() && !initial.isEmpty()) {
          String victim = pick(initial, random);
          if (Files.deleteIfExists(root.resolve(victim))) {
            removed.add(victim);
          }
        }
      }
      String where = "round " + round + " after " + start + ": " + seen;
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(KeyOrder.compare(seen.get(i - 1), seen.get(i)) < 0, where);
      }
      assertTrue(ever.containsAll(seen), where);
      for (String key : initial) {
        if (!removed.contains(key) && (start == null || KeyOrder.compare(key, start) > 0)) {
          assertTrue(seen.contains(key), key + " stayed but was not listed; " + where);
        }
      }
    }
  }

  @Test
  void aDirectoryBesideAnUndecodableNameThatSortsBeforeItsSlash() throws Exception {
    Path root = Files.createDirectories(dir.resolve("raw"));
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("d/x"), "x");
    bash(root, "printf x > $'d-\\xff'");
    for (int window : new int[] {1, 3, 4096}) {
      assertEquals(List.of("d-\\xff [undecodable]", "d/x"), walk(root, null, null, window));
    }
  }

  private static List<String> walk(Path root, String start, DirectoryCache cache, int window) {
    List<String> labels = new ArrayList<>();
    KeyOrderWalk walk = new KeyOrderWalk(root, start, cache, window);
    while (walk.hasNext()) {
      KeyOrderWalk.Entry e = walk.next();
      labels.add(e.undecodable() ? e.key() + " [undecodable]" : e.key());
    }
    return labels;
  }

  /** Every listable entry under {@code root}, each directory read whole, stat-ed and sorted. */
  private static List<Listed> reference(Path root) throws IOException {
    List<Listed> all = new ArrayList<>();
    collect(root, "", all);
    all.sort(
        Comparator.comparing(Listed::key, KeyOrder.COMPARATOR)
            .thenComparing(l -> l.rawName() != null)
            .thenComparing(
                Listed::rawName, Comparator.nullsFirst(Comparator.<Path>naturalOrder())));
    return all;
  }

  private static void collect(Path dir, String prefix, List<Listed> out) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path path : entries) {
        String name = path.getFileName().toString();
        BasicFileAttributes attrs =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean listable = attrs.isRegularFile() || attrs.isDirectory();
        if (RawNames.undecodable(dir, path, name)) {
          if (listable) {
            out.add(new Listed(prefix + RawNames.escaped(path), path.getFileName()));
          }
        } else if (name.startsWith(KeyPaths.TEMP_PREFIX)) {
          continue;
        } else if (attrs.isDirectory()) {
          collect(path, prefix + name + "/", out);
        } else if (attrs.isRegularFile()) {
          out.add(new Listed(prefix + name, null));
        }
      }
    }
  }

  /** Start keys: none, listed keys, the keys between them, and directory prefixes. */
  private static List<String> starts(List<Listed> expected, Random random) {
    List<String> starts = new ArrayList<>();
    starts.add(null);
    starts.add("");
    for (int i = 0; i < 8 && !expected.isEmpty(); i++) {
      String key = expected.get(random.nextInt(expected.size())).key();
      starts.add(key);
      int slash = key.lastIndexOf('/');
      if (slash > 0) {
        starts.add(key.substring(0, slash + 1));
        starts.add(key.substring(0, slash));
      }
      starts.add(key.substring(0, 1 + random.nextInt(key.length())) + randomName(random));
    }
    return starts;
  }

  private Path tree(String name, Random random) throws IOException {
    Path root = Files.createDirectories(dir.resolve(name));
    build(root, random, 0);
    return root;
  }

  /** A random tree, each directory with names that sort around each other and subdirectories. */
  private static void build(Path dir, Random random, int depth) throws IOException {
    int entries = random.nextInt(depth == 0 ? 14 : 8);
    for (int i = 0; i < entries; i++) {
      String stem = randomName(random);
      Path path = dir.resolve(stem);
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (depth < 3 && random.nextInt(3) == 0) {
        Files.createDirectory(path);
        build(path, random, depth + 1);
        if (random.nextBoolean()) {
          Files.writeString(path.resolve("x"), "x"); // never an empty directory only
        }
      } else {
        Files.writeString(path, "x");
      }
      for (String sibling : Stream.of("-1", ".txt", "0", "-", "é").toList()) {
        Path other = dir.resolve(stem + sibling);
        if (random.nextInt(3) == 0 && !Files.exists(other, LinkOption.NOFOLLOW_LINKS)) {
          Files.writeString(other, "x");
        }
      }
    }
  }

  private static String randomName(Random random) {
    StringBuilder name = new StringBuilder();
    int length = 1 + random.nextInt(3);
    for (int i = 0; i < length; i++) {
      name.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return name.toString();
  }

  /**
   * Creates a file at a random key in an existing or new directory; null when one is in the way.
   */
  private static String addRandomFile(Path root, Random random) throws IOException {
    String key = randomName(random);
    if (random.nextBoolean()) {
      key = randomName(random) + "/" + key;
    }
    Path path = root.resolve(key);
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, "new");
      return key;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return null; // a file where a directory would go
    } catch (IOException e) {
      if (Files.isDirectory(path)) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Names Java cannot create (raw bytes, one escaping exactly as a literal {@code \xff} name
   * reads), links, a pipe and temporary files, each next to names that sort around it.
   */
  private static void addOddEntries(Path root) throws Exception {
    bash(
        root,
        String.join(
            "; ",
            "mkdir -p a && printf x > a/in && printf x > $'a-\\xff' && printf x > a.txt",
            "printf x > $'t\\\\xff' && printf x > $'t\\xff' && printf x > $'t\\xff-'",
            "mkdir -p $'dd\\xfe' && printf x > $'dd\\xfe/hidden' && printf x > dd",
            "printf x > file && ln -s file link && ln -s a linkdir && ln -s a link-",
            "mkfifo pipe; mkfifo pipe- ; printf x > pipe.txt",
            "printf x > .ferry-tmp-1 && printf x > a/.ferry-tmp-2 && mkdir -p .ferry-tmp-d"));
  }

  private static void bash(Path dir, String script) throws Exception {
    Process p =
        new ProcessBuilder("bash", "-c", "set +e; " + script + "; true")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), output);
    Assumptions.assumeTrue(
        !output.contains("Invalid or incomplete multibyte") && !output.contains("Illegal byte"),
        "this filesystem refuses names that are not UTF-8");
  }

  private static void setAllDirectoryTimes(Path root, Instant time) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        Files.setLastModifiedTime(p, FileTime.from(time));
      }
    }
  }

  private static String pick(List<String> keys, Random random) {
    return keys.get(random.nextInt(keys.size()));
  }
}
