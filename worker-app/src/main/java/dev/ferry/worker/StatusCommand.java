package dev.ferry.worker;

import dev.ferry.worker.format.InFlightObject;
import dev.ferry.worker.format.ProgressText;
import dev.ferry.workflows.MigrationProgress;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry status ID [--json]}: one snapshot, with byte-level progress of big transfers. */
@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description = "Show a migration's progress once.")
final class StatusCommand extends IdCommand {
  @Option(names = "--json", description = "Print the MigrationProgress JSON object only.")
  boolean json;

  @Override
  int execute(Session session) {
    List<InFlightObject> inFlight = PendingTransfers.of(session.describe(id));
    MigrationProgress p = progress(session);
    PrintWriter out = out();
    if (json) {
      out.println(JsonOutput.write(p));
      return ExitCode.OK;
    }
    out.println("id:        " + p.id());
    out.println("progress:  " + ProgressText.line(p, PendingTransfers.bytes(inFlight)));
    out.println(
        "objects:   "
            + p.objectsTotal()
            + (p.listingComplete() ? "" : "+")
            + " total, "
            + p.objectsDeleted()
            + " deleted, "
            + p.inFlight()
            + " ranges in flight (limit "
            + p.maxConcurrency()
            + ")");
    for (InFlightObject object : inFlight) {
      out.println("  " + object.describe());
    }
    return ExitCode.OK;
  }
}
