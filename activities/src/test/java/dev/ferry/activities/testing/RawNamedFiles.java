package dev.ferry.activities.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Files whose names are raw bytes that are not UTF-8, made by the shell. */
public final class RawNamedFiles {
  private RawNamedFiles() {}

  /**
   * Creates a file (or, with null text, a directory) whose name has raw bytes, written in bash's
   * {@code $'...'} notation: Java cannot name such a file itself.
   */
  public static void create(Path dir, String bashName, String text) throws Exception {
    String command =
        text == null
            ? "mkdir -- $'" + bashName + "'"
            : "printf %s '" + text + "' > $'" + bashName + "'";
    Process p =
        new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).inheritIO().start();
    Assumptions.assumeTrue(p.waitFor() == 0, "this filesystem refuses names that are not UTF-8");
  }
}
