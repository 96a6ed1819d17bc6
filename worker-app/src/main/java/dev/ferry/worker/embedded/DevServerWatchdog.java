package dev.ferry.worker.embedded;

import java.io.File;
import java.io.IOException;

/**
 * Stops the embedded dev server when the ferry process that started it dies without stopping it: a
 * kill -9 runs no shutdown hook, and the server, orphaned, held its ports and memory until the next
 * embedded run in the same home stopped it (if one ever came). A small shell loop beside the server
 * checks both once a second and ends with whichever ends first.
 */
final class DevServerWatchdog {
  private DevServerWatchdog() {}

  /** Watches {@code server} on behalf of this process; nothing where no {@code sh} runs. */
  static void start(ProcessHandle server) {
    long ferry = ProcessHandle.current().pid();
    long temporal = server.pid();
    // SIGTERM: the dev server shuts down cleanly, its database whole for the run that resumes.
    String loop =
        String.format(
            "while kill -0 %1$d 2>/dev/null && kill -0 %2$d 2>/dev/null; do sleep 1; done;"
                + " if ! kill -0 %1$d 2>/dev/null && kill -0 %2$d 2>/dev/null; then kill %2$d; fi",
            ferry, temporal);
    try {
      new ProcessBuilder("sh", "-c", loop)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      // No shell: the next embedded run stops an orphan it finds (temporal.pid), as before.
    }
  }
}
