package dev.ferry.worker.cli;

import dev.ferry.activities.config.Location;
import dev.ferry.activities.report.ReportParts;
import dev.ferry.worker.client.Locations;
import dev.ferry.worker.client.MigrationOptions;
import dev.ferry.worker.client.MigrationStarter;
import dev.ferry.worker.client.ProgressWatcher;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.Settings;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.embedded.FerryHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry run --from LOC --to LOC [options]}: start a migration and follow it to its end.
 * Without a configured Temporal target it runs embedded.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "run",
    description = "Start a migration and follow it with a live progress bar until it ends.")
final class RunCommand extends ClientCommand {
  @Mixin MigrationOptions migration;

  @Option(
      names = "--json",
      description = "At the end print the MigrationProgress JSON object only.")
  boolean json;

  private Location from;
  private Location to;
  private Location report;
  private boolean defaultReport;
  private boolean inProcess;

  @Override
  void validate() {
    migration.validate();
    from = Locations.parse("--from", migration.from);
    to = Locations.parse("--to", migration.to);
    report = migration.report == null ? null : Locations.parse("--report", migration.report);
  }

  @Override
  boolean embedded(Settings settings) {
    return connection.embedded || !settings.targetConfigured();
  }

  @Override
  void prepare(Settings settings) {
    inProcess = embedded(settings);
    Locations.check(from, to, settings.config(), inProcess);
    migration.prepareFilesFrom(settings, err());
    if (report == null && inProcess) {
      // A newcomer's first run keeps a report too; ferry report ID finds it there.
      report = Locations.parse("--report", FerryHome.reports().toString());
      defaultReport = true;
    }
    if (report != null) {
      try {
        Locations.checkReport(report, from, to, settings.config(), inProcess);
      } catch (BadInputException e) {
        if (!defaultReport) {
          throw e;
        }
        err().println("ferry: keeping no report: " + e.getMessage());
        report = null;
        return;
      }
      migration.report = report.toString();
    }
  }

  @Override
  int execute(Session session) {
    String id = MigrationStarter.start(session, migration, from, to, true, err());
    err()
        .println(
            "ferry: migration "
                + id
                + (session.durable() ? " (interrupted? run again with --id " + id + ")" : ""));
    err().flush();
    int exit = new ProgressWatcher(session, out(), err(), terminal(), json).watch(id);
    if (report != null) {
      err()
          .println(
              "ferry: report in "
                  + ReportParts.location(report.toString(), id)
                  + "; read it with: ferry report "
                  + id
                  + (inProcess && !defaultReport ? " --location " + report : ""));
      err().flush();
    }
    return exit;
  }
}
