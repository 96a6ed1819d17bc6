package dev.ferry.worker.client;

import dev.ferry.activities.config.ConfigBackendResolver;
import dev.ferry.activities.config.ConfigException;
import dev.ferry.activities.config.FerryConfig;
import dev.ferry.activities.config.Location;
import dev.ferry.activities.config.UserHome;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.fs.FileType;
import dev.ferry.worker.common.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Client-side handling of location arguments (DESIGN §2): bare paths become absolute, profiles are
 * checked against the config, and overlapping locations are refused before anything starts.
 */
public final class Locations {
  private Locations() {}

  /** Parses {@code raw} (see {@link Location#parse}), making a bare path absolute. */
  public static Location parse(String flag, String raw) {
    if (raw != null && raw.indexOf('\uFFFD') >= 0) {
      // Bytes the locale cannot decode arrive as U+FFFD: a path written with it is another path.
      throw new BadInputException(
          flag + " " + raw + " holds bytes that are not UTF-8 (shown as \uFFFD)",
          "name its parent directory, or rename it to UTF-8");
    }
    String text = UserHome.expand(raw);
    try {
      return Location.parse(text).toAbsolute();
    } catch (ConfigException e) {
      throw new BadInputException(flag + ": " + e.getMessage(), null, e);
    }
  }

  /**
   * Refuses a source and destination that are the same or nested in one another, and profiles the
   * config does not know, before anything is contacted.
   *
   * @param config the client's config; when it came from no file, profiles are checked only by the
   *     worker (a remote worker has its own config)
   * @param local whether the worker runs in this process, so its paths and config are ours
   */
  public static void check(Location from, Location to, FerryConfig config, boolean local) {
    checkProfile("--from", from, config, local);
    checkProfile("--to", to, config, local);
    if (overlap(from, to)) {
      throw new BadInputException(
          "--from " + from + " and --to " + to + " overlap",
          "choose a destination outside the source (and a source outside the destination)");
    }
    if (local && from.isLocal()) {
      Path source = Path.of(from.path());
      if (!Files.exists(source)) {
        throw new BadInputException(
            "source " + source + " does not exist", "check the --from path");
      }
      if (!Files.isReadable(source)) {
        throw new BadInputException(
            "source " + source + " is not readable", "check the --from path and its permissions");
      }
      if (!Files.isDirectory(source)) {
        throw new BadInputException(
            "source " + source + " is a file; ferry copies the tree under a directory",
            "give its directory as --from, with --include '"
                + source.getFileName()
                + "' to copy only this file");
      }
    }
    if (local && to.isLocal()) {
      Path destination = Path.of(to.path());
      if (Files.exists(destination) && !Files.isDirectory(destination)) {
        throw new BadInputException(
            "destination " + destination + " is a file, not a directory",
            "give a directory as --to (it is created if missing)");
      }
    }
  }

  /**
   * Refuses a report location ({@code --report}) whose profile the config lacks, that lies in the
   * source or destination (its parts would be migrated or overwritten), or, for a local path of a
   * worker in this process, that cannot be created or written.
   */
  public static void checkReport(
      Location report, Location from, Location to, FerryConfig config, boolean local) {
    checkProfile("--report", report, config, local);
    for (Location side : List.of(from, to)) {
      if (overlap(report, side)) {
        throw new BadInputException(
            "--report " + report + " overlaps " + (side == from ? "--from " : "--to ") + side,
            "keep the report outside the source and the destination");
      }
    }
    if (local && report.isLocal()) {
      Path existing = Path.of(report.path());
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
        throw new BadInputException(
            "--report "
                + report
                + " cannot be written: "
                + (existing == null ? "no such path" : existing + " is not a writable directory"),
            "pass a directory you can write to");
      }
    }
  }

  private static void checkProfile(
      String flag, Location location, FerryConfig config, boolean local) {
    if (location.isLocal()) {
      return;
    }
    if (config.source() == null) {
      if (local) {
        throw new BadInputException(
            flag
                + " "
                + location
                + " names profile '"
                + location.profile()
                + "' but no config was found",
            "define it in ferry.yaml and pass --config FILE (or set FERRY_CONFIG)");
      }
      return; // a remote worker has its own config; its Preflight checks the profile
    }
    try (ConfigBackendResolver resolver = new ConfigBackendResolver(config)) {
      resolver.check(location.toString());
    } catch (ConfigException e) {
      throw new BadInputException(flag + " " + location + ": " + e.getMessage(), null, e);
    }
    BackendProfile profile = config.profile(location.profile());
    Path root = profile.type() == FileType.TYPE ? profile.path("root") : null;
    if (local && flag.equals("--from") && root != null && !Files.isDirectory(root)) {
      // Else preflight would say the source does not exist, never that its profile is wrong. (A
      // destination's root is created, as a bare --to path is.)
      throw new BadInputException(
          flag
              + " "
              + location
              + ": profile '"
              + profile.name()
              + "' has root "
              + root
              + (Files.exists(root) ? ", which is not a directory" : ", which does not exist"),
          "fix root: in " + config.source() + ", or create it");
    }
  }

  static boolean overlap(Location a, Location b) {
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
