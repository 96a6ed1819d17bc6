package dev.ferry.worker.embedded;

import java.io.File;
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

  /** The state directory: {@code -Dferry.home}, else {@code $FERRY_HOME}, else {@code ~/.ferry}. */
  public static Path directory() {
    String property = System.getProperty(HOME_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv("FERRY_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".ferry");
  }

  /**
   * Where an embedded {@code ferry run} keeps migration reports by default: {@code reports} in the
   * state directory.
   */
  public static Path reports() {
    return directory().resolve("reports").toAbsolutePath();
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
