package dev.ferry.worker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry schedule ...}: recurring migrations as Temporal Schedules. */
@Command(
    mixinStandardHelpOptions = true,
    name = "schedule",
    description = "Recurring migrations as Temporal Schedules (overlap: skip).",
    subcommands = {
      ScheduleCreateCommand.class,
      ScheduleListCommand.class,
      ScheduleDescribeCommand.class,
      SchedulePauseCommand.class,
      ScheduleUnpauseCommand.class,
      ScheduleTriggerCommand.class,
      ScheduleDeleteCommand.class
    })
final class ScheduleCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "a schedule command is missing: create, list, describe, pause, unpause, trigger or delete");
  }
}
