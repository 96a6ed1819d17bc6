package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.ScheduleText;
import dev.ferry.worker.format.ScheduleView;
import picocli.CommandLine.Command;

/** {@code ferry schedule delete NAME}: remove a schedule; runs it started go on. */
@Command(
    mixinStandardHelpOptions = true,
    name = "delete",
    description = "Delete a schedule; a run it started goes on (ferry cancel ID stops it).")
final class ScheduleDeleteCommand extends ScheduleNameCommand {
  @Override
  int execute(Session session) {
    ScheduleView before = ScheduleView.of(schedules(session).delete(name));
    out().println("deleted schedule " + name + ScheduleText.runningNote(before));
    return ExitCode.OK;
  }
}
