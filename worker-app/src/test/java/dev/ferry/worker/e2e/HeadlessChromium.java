package dev.ferry.worker.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's {@code chromium} in headless mode, each call with a fresh profile: a screenshot of a
 * page, or the page's DOM after its scripts ran (the Temporal Web UI is a JavaScript app, so the
 * text only exists after rendering; a virtual-time budget lets its fetches finish).
 */
final class HeadlessChromium {
  private static final int VIRTUAL_TIME_BUDGET_MS = 15_000;

  private final Path executable;
  private final Path workDir;
  private int runs;

  HeadlessChromium(Path workDir) {
    this.executable = Executables.find("chromium", "ferry.chromium");
    this.workDir = workDir;
  }

  /** Saves a PNG of {@code url} at 1400x1000 to {@code png}. */
  void screenshot(String url, Path png) {
    run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1400,1000", url)).ok();
    if (!Files.isRegularFile(png)) {
      throw new AssertionError("chromium wrote no screenshot to " + png);
    }
  }

  /** The rendered DOM of {@code url} as HTML text. */
  String dumpDom(String url) {
    return run(List.of("--dump-dom", "--window-size=1400,1000", url)).ok().stdout();
  }

  private CommandResult run(List<String> args) {
    try {
      Path profile = Files.createDirectories(workDir.resolve("chromium-profile-" + (++runs)));
      List<String> command = new ArrayList<>();
      command.add(executable.toString());
      command.addAll(
          List.of(
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-dev-shm-usage",
              "--disable-quic",
              "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--hide-scrollbars",
              "--user-data-dir=" + profile,
              "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MS));
      command.addAll(args);
      return Commands.run(command, Map.of(), Duration.ofSeconds(120));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
