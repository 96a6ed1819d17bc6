package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.PrintableKeys;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry pause ID [--reason R]}: stop starting transfers; in-flight ones finish. */
@Command(
    mixinStandardHelpOptions = true,
    name = "pause",
    description = "Pause a migration: in-flight transfers finish, no new ones start.")
final class PauseCommand extends IdCommand {
  @Option(names = "--reason", paramLabel = "R", description = "Why, shown in status and the UI.")
  String reason;

  @Override
  int execute(Session session) {
    var described = requireRunning(session, "pause");
    // The signal waits for a worker if none runs; with one, a pause it would ignore is named.
    MigrationProgress p = session.progressIfServedSoon(described);
    if (p != null && p.state() == MigrationState.PAUSED) {
      out()
          .println(
              id
                  + " is already paused ("
                  + PrintableKeys.of(String.valueOf(p.pausedReason()))
                  + "); nothing changed"
                  + (p.awaitsDeleteApproval()
                      ? ": its deletes wait for 'ferry approve " + id + "'"
                      : ""));
      return ExitCode.OK;
    }
    session.workflow(id).pause(reason);
    out().println(p != null ? "paused " + id : signalWaits("pause", described));
    return ExitCode.OK;
  }
}
