package dev.ferry.worker.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The evidence of a run, one line per scenario (objects, kills, durations), appended to {@code
 * target/e2e/report.txt} so that a passing run still says what it proved.
 */
final class E2EReport {
  private E2EReport() {}

  static void line(String format, Object... args) {
    Path file = Path.of(System.getProperty("ferry.e2e.dir", "target/e2e"), "report.txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          String.format(Locale.ROOT, format, args) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
