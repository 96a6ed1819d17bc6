package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.JsonOutput;
import dev.ferry.worker.format.ScheduleText;
import dev.ferry.worker.format.ScheduleView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry schedule describe NAME [--json]}: what a schedule runs, when, and what it ran. */
@Command(
    mixinStandardHelpOptions = true,
    name = "describe",
    description = "Show a schedule: its migration, interval, state, next and recent runs.")
final class ScheduleDescribeCommand extends ScheduleNameCommand {
  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  int execute(Session session) {
    ScheduleView view = ScheduleView.of(schedules(session).describe(name));
    if (json) {
      out().println(JsonOutput.write(view));
    } else {
      ScheduleText.describe(view, out());
    }
    return ExitCode.OK;
  }
}
