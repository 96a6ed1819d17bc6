package dev.ferry.worker.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the ferry command line, with its output captured. */
record CliRun(int exit, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        FerryCommand.execute(args, false, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** The non-empty lines of stderr. */
  long errLines() {
    return err.lines().filter(l -> !l.isBlank()).count();
  }
}
