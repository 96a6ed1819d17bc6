package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry resume ID}: start transfers again after a pause. */
@Command(
    mixinStandardHelpOptions = true,
    name = "resume",
    description = "Resume a paused migration.")
final class ResumeCommand extends IdCommand {
  @Option(
      names = "--force",
      description =
          "Resume a move (or a migration started by an older ferry) even after its destination's"
              + " bucket or container was gone (it came back with its objects).")
  boolean force;

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
    if (p != null && !force && isDestinationGone(p)) {
      // Resumed into a recreated, empty bucket, the ranges finished before stay counted as
      // copied: an audit's migration then ended COMPLETED with 3,290 of 20,000 objects missing.
      // Copies and syncs of this version copy everything again instead, and say so.
      throw new BadInputException(
          "migration "
              + id
              + " paused because its destination was gone, and what it had copied there went"
              + " with it; resumed, it would count those objects as copied",
          "cancel it (ferry cancel "
              + id
              + ") and start it again once the destination exists (a copy skips what is there);"
              + " if the destination came back with its objects, ferry resume "
              + id
              + " --force");
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
    out().println(p != null ? "resumed " + id + copiesAgain(p) : signalWaits("resume", described));
    return ExitCode.OK;
  }

  private static String copiesAgain(MigrationProgress p) {
    String reason = p.pausedReason();
    return reason != null && reason.endsWith(FerryFailures.GONE_RESUME_COPIES_AGAIN)
        ? ": its destination was gone, so it copies everything again from the start (pausing"
            + " again while the destination is still missing)"
        : "";
  }

  private static boolean isDestinationGone(MigrationProgress p) {
    return p.state() == MigrationState.PAUSED
        && p.pausedReason() != null
        && p.pausedReason().startsWith(FerryFailures.DESTINATION_GONE)
        && p.pausedReason().endsWith(FerryFailures.START_AGAIN);
  }
}
