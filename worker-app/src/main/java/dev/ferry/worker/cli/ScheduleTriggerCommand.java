package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
import picocli.CommandLine.Command;

/** {@code ferry schedule trigger NAME}: one run now, paused or not. */
@Command(
    mixinStandardHelpOptions = true,
    name = "trigger",
    description =
        "Start a run of a schedule now, even a paused one; refused while one of its runs is still"
            + " going (overlap: skip).")
final class ScheduleTriggerCommand extends ScheduleNameCommand {
  @Override
  int execute(Session session) {
    String id = schedules(session).trigger(name);
    out()
        .println(
            id == null
                ? "triggered schedule "
                    + name
                    + "; its run is not reported yet: ferry schedule describe "
                    + name
                : "triggered schedule " + name + ": started " + id);
    return ExitCode.OK;
  }
}
