package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
import picocli.CommandLine.Command;

/** {@code ferry resume ID}: start transfers again after a pause. */
@Command(
    mixinStandardHelpOptions = true,
    name = "resume",
    description = "Resume a paused migration.")
final class ResumeCommand extends IdCommand {
  @Override
  int execute(Session session) {
    requireRunning(session, "resume");
    session.workflow(id).resume();
    out().println("resumed " + id);
    return ExitCode.OK;
  }
}
