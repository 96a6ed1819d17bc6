package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
import picocli.CommandLine.Command;

/** {@code ferry schedule unpause NAME}: due runs start again. */
@Command(
    mixinStandardHelpOptions = true,
    name = "unpause",
    description = "Unpause a schedule: due runs start again (missed ones are not made up).")
final class ScheduleUnpauseCommand extends ScheduleNameCommand {
  @Override
  int execute(Session session) {
    schedules(session).unpause(name);
    out().println("unpaused schedule " + name);
    return ExitCode.OK;
  }
}
