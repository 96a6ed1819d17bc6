package dev.ferry.worker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * What a finished command printed and returned.
 *
 * @param command the command line, for failure messages
 * @param exitCode its exit code
 * @param stdout everything on standard output
 * @param stderr everything on standard error
 */
record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** This result, or an error showing the command and its output when it did not exit 0. */
  CommandResult ok() {
    if (exitCode != 0) {
      throw new AssertionError(describe());
    }
    return this;
  }

  /** Standard output parsed as one JSON document. */
  JsonNode json() {
    try {
      return JSON.readTree(stdout);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + describe(), e);
    }
  }

  String describe() {
    return String.join(" ", command)
        + "\nexit "
        + exitCode
        + "\nstdout: "
        + stdout.strip()
        + "\nstderr: "
        + stderr.strip();
  }
}
