package dev.ferry.worker.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the ferry command line, with its output captured. Stderr holds what the
 * command printed and, after it, what was logged meanwhile (logs go to the process's stderr): a
 * user sees both.
 */
record CliRun(int exit, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream processErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit =
          FerryCommand.execute(args, false, new PrintWriter(out, true), new PrintWriter(err, true));
    } finally {
      System.setErr(processErr);
    }
    String logged = logs.toString(StandardCharsets.UTF_8);
    processErr.print(logged);
    return new CliRun(exit, out.toString(), err + logged);
  }

  /** The non-empty lines of stderr. */
  long errLines() {
    return err.lines().filter(l -> !l.isBlank()).count();
  }
}
