package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.JsonOutput;
import dev.ferry.worker.format.ScheduleText;
import dev.ferry.worker.format.ScheduleView;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry schedule list [--json]}: the namespace's schedules that start ferry migrations. */
@Command(
    mixinStandardHelpOptions = true,
    name = "list",
    description = "List the schedules that start ferry migrations.")
final class ScheduleListCommand extends ScheduleClientCommand {
  @Option(names = "--json", description = "Print one JSON object {schedules} instead of text.")
  boolean json;

  @Override
  int execute(Session session) {
    List<ScheduleView.Row> rows =
        schedules(session).list().stream().map(ScheduleView::row).toList();
    if (json) {
      out().println(JsonOutput.write(Map.of("schedules", rows)));
    } else {
      ScheduleText.table(rows, out());
    }
    return ExitCode.OK;
  }
}
