package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code ferry resume ID}: start transfers again after a pause. */
@Command(
    mixinStandardHelpOptions = true,
    name = "resume",
    description = "Resume a paused migration.")
final class ResumeCommand extends IdCommand {
  @Override
  int execute(Session session) {
    var described = requireRunning(session, "resume");
    // The signal waits for a worker if none runs; with one, a resume it would ignore is named.
    MigrationProgress p = session.progressIfServedSoon(described);
    if (p != null && p.awaitsDeleteApproval()) {
      throw new BadInputException(
          "migration " + id + " awaits delete approval, which resume does not give",
          "let its deletes run with: ferry approve " + id);
    }
    if (p != null && p.state() != MigrationState.PAUSED) {
      out()
          .println(
              id
                  + " is not paused ("
                  + p.state().name().toLowerCase(Locale.ROOT)
                  + "); nothing to resume");
      return ExitCode.OK;
    }
    session.workflow(id).resume();
    out().println(p != null ? "resumed " + id : signalWaits("resume", described));
    return ExitCode.OK;
  }
}
