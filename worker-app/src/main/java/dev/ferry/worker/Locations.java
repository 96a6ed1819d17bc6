package dev.ferry.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client-side handling of location arguments (DESIGN §2): bare paths become absolute, profiles are
 * checked against the config, and overlapping locations are refused before anything starts.
 */
final class Locations {
  /** {@code NAME:REST} where NAME is a profile name; anything else is a bare path. */
  private static final Pattern PROFILE = Pattern.compile("^([A-Za-z0-9_-]{2,}):(.*)$");

  private Locations() {}

  /** A location split into its profile (null for the local filesystem) and its path or key. */
  record Parsed(String profile, String path) {
    /** The location as a request carries it. */
    String location() {
      return profile == null ? path : profile + ":" + path;
    }
  }

  /** Parses {@code raw}, resolving a bare path against the working directory. */
  static Parsed parse(String flag, String raw) {
    if (raw == null || raw.isBlank()) {
      throw new BadInputException(
          flag + " is empty", "pass a location: NAME:BUCKET/PREFIX, NAME:PATH or a path");
    }
    if (raw.indexOf('\0') >= 0) {
      throw new BadInputException(flag + " contains a NUL character", "pass a plain location");
    }
    Matcher m = PROFILE.matcher(raw);
    if (m.matches() && !raw.startsWith("./") && !raw.startsWith("/")) {
      return new Parsed(m.group(1), m.group(2));
    }
    String path = raw;
    if (path.equals("~") || path.startsWith("~/")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    return new Parsed(null, Path.of(path).toAbsolutePath().normalize().toString());
  }

  /**
   * Refuses a source and destination that are the same or nested in one another, and profiles the
   * config does not know.
   *
   * @param profiles the config's profiles, or null when no config was found
   * @param local whether the worker runs in this process, so bare paths can be checked here
   */
  static void check(Parsed from, Parsed to, Set<String> profiles, boolean local) {
    checkProfile("--from", from, profiles, local);
    checkProfile("--to", to, profiles, local);
    if (overlap(from, to)) {
      throw new BadInputException(
          "--from " + from.location() + " and --to " + to.location() + " overlap",
          "choose a destination outside the source (and a source outside the destination)");
    }
    if (local && from.profile() == null) {
      Path source = Path.of(from.path());
      if (!Files.exists(source)) {
        throw new BadInputException(
            "source " + source + " does not exist", "check the --from path");
      }
      if (!Files.isReadable(source)) {
        throw new BadInputException(
            "source " + source + " is not readable", "check the --from path and its permissions");
      }
    }
  }

  private static void checkProfile(String flag, Parsed p, Set<String> profiles, boolean local) {
    if (p.profile() == null) {
      return;
    }
    if (profiles == null || profiles.isEmpty()) {
      if (local) {
        throw new BadInputException(
            flag
                + " "
                + p.location()
                + " names profile '"
                + p.profile()
                + "' but no config was found",
            "define it in ferry.yaml and pass --config FILE (or set FERRY_CONFIG)");
      }
      return; // a remote worker has its own config; its Preflight checks the profile
    }
    if (!profiles.contains(p.profile())) {
      throw new BadInputException(
          flag + " " + p.location() + " names unknown profile '" + p.profile() + "'",
          "use one of "
              + String.join(", ", profiles.stream().sorted().toList())
              + ", or add it to the config");
    }
  }

  static boolean overlap(Parsed a, Parsed b) {
    if (a.profile() == null ? b.profile() != null : !a.profile().equals(b.profile())) {
      return false;
    }
    String x = trimSlashes(a.path());
    String y = trimSlashes(b.path());
    return x.equals(y) || nested(x, y) || nested(y, x);
  }

  private static boolean nested(String outer, String inner) {
    return outer.isEmpty() || inner.startsWith(outer + "/");
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }
}
