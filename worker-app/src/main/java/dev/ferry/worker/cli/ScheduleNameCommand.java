package dev.ferry.worker.cli;

import dev.ferry.worker.common.BadInputException;
import java.util.regex.Pattern;
import picocli.CommandLine.Parameters;

/** A {@code ferry schedule} command about one schedule, named by its id. */
abstract class ScheduleNameCommand extends ScheduleClientCommand {
  /** Safe in a workflow id, a URL of the Web UI and a shell: each run's id starts with it. */
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");

  @Parameters(index = "0", paramLabel = "NAME", description = "The schedule's name (its id).")
  String name;

  @Override
  void validate() {
    super.validate();
    if (!NAME.matcher(name).matches()) {
      throw new BadInputException(
          "schedule name '" + name + "' is not valid",
          "use 1-100 letters, digits and . _ -, starting with a letter or digit");
    }
  }
}
