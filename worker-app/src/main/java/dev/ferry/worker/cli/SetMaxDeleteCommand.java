package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.workflows.MaxDelete;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.Mode;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry set-max-delete ID N|N%}: change a sync's delete limit (update {@code setMaxDelete}).
 * A pass the limit paused checks again on {@code ferry resume}.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "set-max-delete",
    description = "Change how many destination objects a sync's pass may delete; then resume.")
final class SetMaxDeleteCommand extends IdCommand {
  @Parameters(index = "1", paramLabel = "N|N%", description = "New limit, e.g. 500 or 60%%.")
  String limit;

  @Override
  void validate() {
    super.validate();
    try {
      MaxDelete.parse(limit);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          e.getMessage(), "pass e.g. ferry set-max-delete " + id + " 500 (or 60%)");
    }
  }

  @Override
  int execute(Session session) {
    MigrationProgress p = progress(session, requireRunning(session, "change"));
    if (p.mode() != Mode.SYNC) {
      throw new BadInputException(
          "migration " + id + " is a " + p.mode().name().toLowerCase(Locale.ROOT) + ", not a sync",
          "--max-delete applies to migrations started with --mode sync");
    }
    String now = session.workflow(id).setMaxDelete(limit);
    out()
        .println(
            "max-delete of "
                + id
                + " is now "
                + now
                + (p.state().name().equals("PAUSED") ? "; 'ferry resume " + id + "' goes on" : ""));
    return ExitCode.OK;
  }
}
