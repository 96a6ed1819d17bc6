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
    boolean wasPaused = schedules(session).unpause(name).getSchedule().getState().isPaused();
    out()
        .println(
            wasPaused
                ? "unpaused schedule " + name
                : "schedule " + name + " was not paused; nothing changed");
    return ExitCode.OK;
  }
}
