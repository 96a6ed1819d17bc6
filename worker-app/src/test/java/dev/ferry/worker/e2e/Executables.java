package dev.ferry.worker.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the external programs the suite runs: a system property first, then the PATH. */
final class Executables {
  private Executables() {}

  /**
   * The executable {@code name}, from system property {@code property} when set, else the first
   * match on the PATH; fails with a message saying how to provide it.
   */
  static Path find(String name, String property) {
    String configured = System.getProperty(property);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        name + " not found on the PATH; run scripts/install-tools.sh or set -D" + property);
  }
}
