package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.MigrationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The request's include/exclude globs applied to keys.
 *
 * <p>{@code *} matches within one path segment, {@code **} across segments, {@code ?} one character
 * other than {@code /}, and classes, braces and escapes work as in rclone ({@link GlobPattern}).
 * They select keys as rclone's do (checked against rclone itself): a glob starting with {@code /}
 * matches from the location's root; a glob without {@code /} a key's last segment at any depth; an
 * exclude with {@code /} whole last segments at any depth ({@code cache/**} every {@code cache}
 * directory), an include with {@code /} from the root. Requests of earlier clients keep their rule:
 * a glob with {@code /} matches the whole key, one without the last segment. A key passes when it
 * matches some include (or there is none) and no exclude. An object passes when its key does,
 * unless it is a directory marker (an empty object whose key ends in {@code /}) and the destination
 * keeps none (a filesystem).
 */
final class KeyFilter {
  private record Glob(Pattern pattern, boolean wholeKey) {
    boolean matches(String key) {
      String subject = wholeKey ? key : key.substring(key.lastIndexOf('/') + 1);
      return pattern.matcher(subject).matches();
    }

    /**
     * As rclone applies it: after a leading {@code /} from the root; else an exclude, or a glob
     * without {@code /}, at any depth (rclone's {@code (^|/)} anchor), and an include with {@code
     * /} from the root, since rclone descends only into directories an include can match there.
     */
    static Glob rclone(String glob, boolean include) {
      boolean anchored = glob.startsWith("/");
      String rest = anchored ? glob.substring(1) : glob;
      if (!include && rest.endsWith("/")) {
        rest += "**"; // rclone excludes a directory named so, everything in it
      }
      return anchored || (include && rest.contains("/"))
          ? new Glob(GlobPattern.compile(rest), true)
          : new Glob(GlobPattern.compile(rest, "(?:.*/)?"), true);
    }

    /** As requests of earlier clients match it. */
    static Glob earlier(String glob) {
      return new Glob(GlobPattern.compile(glob), glob.contains("/"));
    }
  }

  private final List<Glob> include;
  private final List<Glob> exclude;
  private final boolean dropsMarkers;

  private KeyFilter(List<Glob> include, List<Glob> exclude, boolean dropsMarkers) {
    this.include = include;
    this.exclude = exclude;
    this.dropsMarkers = dropsMarkers;
  }

  /**
   * Whether a listing enters the directory {@code dirKey} (with its trailing {@code /}). It does
   * not where an exclude of {@code request}'s ending in {@code /**} names the directory itself, nor
   * where no include can match a key under it: every include is anchored at the root (it has a
   * {@code /}) and the directory lies off each one's literal start, as rclone descends only into
   * directories an include can match. Requests of earlier clients enter every directory.
   */
  static Predicate<String> entersFor(MigrationRequest request) {
    if (!request.rcloneGlobs()) {
      return directory -> true;
    }
    List<Glob> excluded = new ArrayList<>();
    for (String exclude : request.exclude()) {
      String glob = exclude.endsWith("/") ? exclude + "**" : exclude;
      if (glob.endsWith("/**") && glob.length() > "/**".length()) {
        // The directory itself, anchored as the exclude is.
        excluded.add(Glob.rclone(glob.substring(0, glob.length() - "/**".length()), false));
      }
    }
    List<String> starts = includeStarts(request.include());
    if (excluded.isEmpty() && starts == null) {
      return directory -> true;
    }
    return dirKey ->
        !anyMatch(excluded, dirKey.substring(0, dirKey.length() - 1))
            && (starts == null || starts.stream().anyMatch(s -> onTheWay(dirKey, s)));
  }

  /**
   * The literal start (up to the first wildcard, class, brace or escape) of each include, all
   * anchored at the root; null when there is none, or one matches at any depth (no {@code /}).
   */
  private static List<String> includeStarts(List<String> includes) {
    List<String> starts = new ArrayList<>();
    for (String include : includes) {
      boolean anchored = include.startsWith("/");
      String rest = anchored ? include.substring(1) : include;
      if (!anchored && !rest.contains("/")) {
        return null;
      }
      int literal = 0;
      while (literal < rest.length() && "*?[{\\".indexOf(rest.charAt(literal)) < 0) {
        literal++;
      }
      starts.add(rest.substring(0, literal));
    }
    return starts.isEmpty() ? null : starts;
  }

  /** Whether keys starting with {@code start} can lie under {@code dirKey}. */
  private static boolean onTheWay(String dirKey, String start) {
    return dirKey.startsWith(start) || start.startsWith(dirKey);
  }

  /** Globs anchored as rclone anchors them. */
  static KeyFilter of(List<String> include, List<String> exclude) {
    return new KeyFilter(compile(include, true, true), compile(exclude, false, true), false);
  }

  /** The request's filter for objects bound for {@code destination}. */
  static KeyFilter of(MigrationRequest request, StorageBackend destination) {
    return new KeyFilter(
        compile(request.include(), true, request.rcloneGlobs()),
        compile(request.exclude(), false, request.rcloneGlobs()),
        !destination.keepsDirectoryMarkers());
  }

  boolean matches(String key) {
    return (include.isEmpty() || anyMatch(include, key)) && !anyMatch(exclude, key);
  }

  /** Whether the source object {@code o} is part of the migration. */
  boolean admits(ObjectInfo o) {
    return matches(o.key()) && !(dropsMarkers && o.size() == 0 && o.key().endsWith("/"));
  }

  // A loop, not a stream: this runs for every listed key, and a stream per key cost 3 % of a
  // worker's CPU on a listing with no filters at all.
  private static boolean anyMatch(List<Glob> globs, String key) {
    for (Glob g : globs) {
      if (g.matches(key)) {
        return true;
      }
    }
    return false;
  }

  private static List<Glob> compile(List<String> globs, boolean include, boolean asRclone) {
    return globs.stream().map(g -> asRclone ? Glob.rclone(g, include) : Glob.earlier(g)).toList();
  }
}
