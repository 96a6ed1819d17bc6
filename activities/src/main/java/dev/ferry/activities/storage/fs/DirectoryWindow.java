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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The first entries of a directory in key order after a position, read in one pass that holds at
 * most the window's size and one more: a huge directory is never held, nor sorted, whole.
 *
 * <p>A subdirectory {@code d} sorts as {@code d/}, which differs from {@code d} only when a sibling
 * sorts between the two (such as {@code d-1} or {@code d.txt}); only such names are stat-ed here,
 * everything else is typed when the walk reaches it. Names are selected by the smaller of their two
 * possible keys, so a directory whose true key lies beyond the window's last candidate is left for
 * the next window, which then also holds every sibling that sorts before it.
 */
final class DirectoryWindow {
  /**
   * A place in a directory's order: a sort key, then names that are not UTF-8 after others with the
   * same key, then by their raw bytes; {@code rank} -1 is just before the key.
   */
  record Position(String key, int rank, Path rawName) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
      int c = KeyOrder.compare(key, o.key);
      if (c == 0) {
        c = Integer.compare(rank, o.rank);
      }
      if (c == 0 && rawName != null && o.rawName != null) {
        c = rawName.compareTo(o.rawName);
      }
      return c;
    }
  }

  /**
   * Entries in key order after a position; {@code more} when the directory holds entries beyond
   * {@code last}; {@code names} counts every listable name seen, before or after the position.
   */
  record Window(List<Child> children, Position last, boolean more, int names) {}

  /** The position before every entry. */
  static final Position START = new Position("", -1, null);

  private static final int DECODED = 0;
  private static final int UNDECODABLE = 1;

  /** A selected entry: its position is exact once its kind is known, a lower bound before. */
  private record Candidate(Child child, Position position) {}

  private DirectoryWindow() {}

  /** The position just before {@code key}: a window from there includes {@code key} itself. */
  static Position before(String key) {
    return new Position(key, -1, null);
  }

  /** The position of a subdirectory {@code name}, which sorts as {@code name/}. */
  static Position directory(String name) {
    return new Position(name + "/", DECODED, null);
  }

  /** All entries of {@code dir} in key order. */
  static List<Child> all(Path dir) {
    return read(dir, START, Integer.MAX_VALUE).children();
  }

  /**
   * At most {@code size} entries of {@code dir} after {@code after}, in key order; fewer, but at
   * least one, when more follow and a directory's key lies beyond the window's end. A missing
   * directory has none.
   */
  static Window read(Path dir, Position after, int size) {
    int limit = Math.max(1, size);
    Window window = pass(dir, after, limit);
    // Empty yet incomplete only when every name selected was dropped: directories whose key lies
    // beyond the window's end, links met where their type mattered. Such names start one another
    // (at most one per character of a name), so a larger window gets past them.
    while (window.more() && window.children().isEmpty()) {
      limit = limit > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE - 1 : 2 * limit;
      window = pass(dir, after, limit);
    }
    return window;
  }

  private static Window pass(Path dir, Position after, int limit) {
    Selection selection = new Selection(limit + 1L);
    int names = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path path : entries) {
        String name = path.getFileName().toString();
        if (RawNames.undecodable(dir, path, name)) {
          names++;
          String escaped = RawNames.escaped(path);
          Position position = new Position(escaped, UNDECODABLE, path.getFileName());
          if (position.compareTo(after) > 0 && selection.accepts(position)) {
            BasicFileAttributes attrs = attributes(path);
            if (attrs != null && (attrs.isRegularFile() || attrs.isDirectory())) {
              selection.add(
                  new Candidate(new Child(escaped, escaped, Kind.UNDECODABLE, attrs), position));
            }
          }
        } else if (!name.startsWith(KeyPaths.TEMP_PREFIX)) {
          names++;
          Candidate candidate = candidate(dir, name, after);
          if (candidate != null && selection.accepts(candidate.position())) {
            selection.add(candidate);
          }
        }
      }
    } catch (NoSuchFileException e) {
      return new Window(List.of(), after, false, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Candidate> selected = selection.sorted();
    boolean more = selected.size() > limit;
    List<Candidate> window = resolve(dir, selected, more ? limit : selected.size(), more);
    if (more) {
      // Anything not selected sorts at or after the first name left out: stop before it.
      Position end = selected.get(limit).position();
      window.removeIf(c -> c.position().compareTo(end) >= 0);
    }
    window.sort(Comparator.comparing(Candidate::position));
    Position last = window.isEmpty() ? after : window.get(window.size() - 1).position();
    return new Window(window.stream().map(Candidate::child).toList(), last, more, names);
  }

  /**
   * A decodable name that may sort after {@code after}, by its smaller key; null when it cannot. A
   * name before the position whose directory key {@code name/} is after it is stat-ed: it is kept
   * only as a directory.
   */
  private static Candidate candidate(Path dir, String name, Position after) {
    Position asName = new Position(name, DECODED, null);
    if (asName.compareTo(after) > 0) {
      return new Candidate(new Child(name, name, Kind.UNKNOWN), asName);
    }
    if (!after.key().startsWith(name)) {
      return null; // before the position as a file and as a directory
    }
    Position asDirectory = directory(name);
    if (asDirectory.compareTo(after) <= 0) {
      return null;
    }
    BasicFileAttributes attrs = attributes(dir.resolve(name));
    return attrs != null && attrs.isDirectory()
        ? new Candidate(new Child(name, name + "/", Kind.DIRECTORY), asDirectory)
        : null;
  }

  /**
   * The first {@code count} of the sorted candidates with their true keys: a name is stat-ed when
   * the next different name sorts between it and its directory key, or when that next name is
   * unknown because more follow. Vanished names and ones neither file nor directory are dropped.
   */
  private static List<Candidate> resolve(
      Path dir, List<Candidate> sorted, int count, boolean more) {
    List<Candidate> resolved = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Candidate c = sorted.get(i);
      String name = c.child().name();
      if (c.child().kind() != Kind.UNKNOWN) {
        resolved.add(c);
        continue;
      }
      int next = i + 1;
      while (next < sorted.size() && sorted.get(next).position().key().equals(name)) {
        next++;
      }
      boolean typeMatters =
          next < sorted.size() ? sortsBetween(name, sorted.get(next).position().key()) : more;
      if (!typeMatters) {
        resolved.add(c);
        continue;
      }
      BasicFileAttributes attrs = attributes(dir.resolve(name));
      if (attrs != null && attrs.isDirectory()) {
        resolved.add(new Candidate(new Child(name, name + "/", Kind.DIRECTORY), directory(name)));
      } else if (attrs != null && attrs.isRegularFile()) {
        resolved.add(new Candidate(new Child(name, name, Kind.FILE), c.position()));
      }
    }
    return resolved;
  }

  /** Whether {@code next} lies between {@code name} and {@code name + "/"}. */
  private static boolean sortsBetween(String name, String next) {
    return next.length() > name.length()
        && next.startsWith(name)
        && next.charAt(name.length()) < '/';
  }

  /** The file's attributes, not following links, or null when it vanished. */
  static BasicFileAttributes attributes(Path path) {
    try {
      return FileStat.read(path, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException vanished) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The {@code keep} smallest candidates seen, in a heap with the largest on top: a pass over n
   * names costs O(n log keep) and holds {@code keep} of them.
   */
  private static final class Selection {
    private final long keep;
    private final PriorityQueue<Candidate> largestFirst =
        new PriorityQueue<>(Comparator.comparing(Candidate::position).reversed());

    Selection(long keep) {
      this.keep = keep;
    }

    /** Whether a candidate at {@code position} could still be among the smallest. */
    boolean accepts(Position position) {
      return largestFirst.size() < keep || position.compareTo(largestFirst.peek().position()) < 0;
    }

    void add(Candidate candidate) {
      largestFirst.add(candidate);
      if (largestFirst.size() > keep) {
        largestFirst.poll();
      }
    }

    List<Candidate> sorted() {
      List<Candidate> sorted = new ArrayList<>(largestFirst);
      sorted.sort(Comparator.comparing(Candidate::position));
      return sorted;
    }
  }
}
