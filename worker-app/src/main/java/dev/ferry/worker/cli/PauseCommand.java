package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
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
    requireRunning(session, "pause");
    session.workflow(id).pause(reason);
    out().println("paused " + id);
    return ExitCode.OK;
  }
}
