package dev.ferry.worker.embedded;

import dev.ferry.activities.config.UserHome;
import dev.ferry.activities.storage.IoReasons;
import dev.ferry.worker.common.BadInputException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where embedded mode keeps its state, and how it finds the {@code temporal} binary.
 *
 * <p>Public for the command tests, which point the state directory and the binary elsewhere and
 * look for the binary themselves; in ferry only {@link EmbeddedTemporal} uses it.
 */
public final class FerryHome {
  /** System property naming the {@code temporal} binary, or {@code none} to force in-memory. */
  public static final String TEMPORAL_CLI_PROPERTY = "ferry.temporal.cli";

  /** System property overriding the state directory (default {@code ~/.ferry}). */
  public static final String HOME_PROPERTY = "ferry.home";

  private FerryHome() {}

  /**
   * The state directory: {@code -Dferry.home}, else {@code $FERRY_HOME}, else {@code ~/.ferry} (see
   * {@link UserHome}).
   *
   * @throws BadInputException when the last is needed and there is no home directory
   */
  public static Path directory() {
    String property = System.getProperty(HOME_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv("FERRY_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String home = UserHome.path();
    if (home == null) {
      throw new BadInputException(
          "ferry has no home directory to keep its state in: HOME is not set, and this user has"
              + " none in the password database",
          "set FERRY_HOME (or HOME) to a directory you can write");
    }
    return Path.of(home, ".ferry");
  }

  /**
   * The state directory, created if missing.
   *
   * @throws BadInputException naming {@code FERRY_HOME} when it is a file or cannot be created
   */
  public static Path ensure() {
    Path home = checked();
    try {
      return Files.createDirectories(home);
    } catch (IOException e) {
      throw unusable(home, IoReasons.osReason(e));
    }
  }

  /**
   * The state directory, refused when it is a file: it is created only by what writes to it, so
   * that a command refused before then leaves nothing behind.
   */
  public static Path checked() {
    Path home = directory().toAbsolutePath();
    if (Files.exists(home) && !Files.isDirectory(home)) {
      throw unusable(home, "it is a file, not a directory");
    }
    return home;
  }

  private static BadInputException unusable(Path home, String why) {
    return new BadInputException(
        "ferry's state directory " + home + " (FERRY_HOME) cannot be used: " + why,
        "set FERRY_HOME to a directory you can write, or unset it for ~/.ferry");
  }

  /**
   * Where an embedded {@code ferry run} keeps migration reports by default: {@code reports} in the
   * state directory.
   */
  public static Path reports() {
    return checked().resolve("reports");
  }

  /** The {@code temporal} binary to launch, or null when there is none. */
  public static Path temporalCli() {
    String property = System.getProperty(TEMPORAL_CLI_PROPERTY);
    if (property != null && !property.isBlank()) {
      return property.equals("none") ? null : executable(Path.of(property));
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path found = executable(Path.of(dir, "temporal"));
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Path executable(Path candidate) {
    return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
        ? candidate.toAbsolutePath()
        : null;
  }
}
