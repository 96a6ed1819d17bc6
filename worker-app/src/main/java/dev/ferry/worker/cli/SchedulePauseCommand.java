package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.ScheduleText;
import dev.ferry.worker.format.ScheduleView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry schedule pause NAME [--reason R]}: no run starts until unpaused. */
@Command(
    mixinStandardHelpOptions = true,
    name = "pause",
    description = "Pause a schedule: no due run starts until unpause; a running one goes on.")
final class SchedulePauseCommand extends ScheduleNameCommand {
  @Option(names = "--reason", paramLabel = "R", description = "Why, kept as the schedule's note.")
  String reason;

  @Override
  int execute(Session session) {
    ScheduleView before = ScheduleView.of(schedules(session).pause(name, reason));
    out().println("paused schedule " + name + ScheduleText.runningNote(before));
    return ExitCode.OK;
  }
}
