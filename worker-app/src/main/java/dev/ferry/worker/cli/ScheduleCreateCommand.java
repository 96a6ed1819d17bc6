package dev.ferry.worker.cli;

import dev.ferry.worker.client.Durations;
import dev.ferry.worker.client.MigrationOptions;
import dev.ferry.worker.client.MigrationSchedules;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.Settings;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.ScheduleView;
import dev.ferry.worker.format.Units;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry schedule create NAME --every DURATION --from LOC --to LOC [options]}: a schedule
 * that starts the migration {@code ferry start} would start with the same options.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "create",
    description =
        "Create a schedule that starts a migration every DURATION; a run due while the last one"
            + " still runs is skipped.")
final class ScheduleCreateCommand extends ScheduleNameCommand {
  @Option(
      names = "--every",
      required = true,
      paramLabel = "DURATION",
      description = "How often a run is due, e.g. 15m, 1h, 1d (due at multiples of it).")
  String every;

  @Mixin MigrationOptions migration;

  private Duration interval;

  @Override
  void validate() {
    super.validate();
    interval = Durations.parse("--every", every);
    if (interval.isZero()) {
      throw new BadInputException(
          "--every " + every + " is not a positive duration", "pass e.g. --every 1h");
    }
    migration.validate();
    if (migration.id() != null) {
      throw new BadInputException(
          "--id does not apply to a schedule: each run's id is " + name + "-<time due>",
          "drop --id; the schedule's NAME starts every run's workflow id");
    }
    if (migration.hasFilesFrom()) {
      throw new BadInputException(
          "--files-from is read once when a migration starts, not by each scheduled run",
          "drop --files-from; run ferry start --files-from for a one-off re-drive");
    }
    if (migration.live()) {
      // A live run never ends, so with overlap skip every later run would be skipped.
      throw new BadInputException(
          "--live runs until cutover, so a schedule would start it once and skip every later run",
          "drop --live: each scheduled run is one pass; or start one live migration instead");
    }
  }

  @Override
  void prepare(Settings settings) {
    migration.checkLocations(settings.config(), false);
  }

  @Override
  int execute(Session session) {
    MigrationSchedules schedules = schedules(session);
    schedules.create(name, interval, migration, err());
    ScheduleView view = ScheduleView.of(schedules.describe(name));
    out()
        .println(
            "created schedule "
                + name
                + ": "
                + view.action()
                + " every "
                + Units.exactDuration(interval)
                + (view.nextRuns().isEmpty() ? "" : ", first run due " + view.nextRuns().get(0)));
    return ExitCode.OK;
  }
}
