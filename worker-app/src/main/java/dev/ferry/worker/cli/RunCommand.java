package dev.ferry.worker.cli;

import dev.ferry.activities.report.ReportParts;
import dev.ferry.worker.client.MigrationOptions;
import dev.ferry.worker.client.MigrationStarter;
import dev.ferry.worker.client.ProgressWatcher;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.Settings;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.embedded.FerryHome;
import java.util.List;
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

  private boolean defaultReport;
  private boolean targetConfigured;
  private boolean inProcess;
  private String id; // --id, else a new one: an embedded worker must know it before the start

  @Override
  void validate() {
    migration.validate();
  }

  @Override
  boolean embedded(Settings settings) {
    return connection.embedded || !settings.targetConfigured();
  }

  @Override
  List<String> locations() {
    return List.of(migration.from, migration.to);
  }

  @Override
  String migration() {
    return id;
  }

  @Override
  void prepare(Settings settings) {
    id = migration.id() != null ? migration.id() : MigrationStarter.newId();
    inProcess = embedded(settings);
    targetConfigured = settings.targetConfigured();
    migration.checkLocations(settings.config(), inProcess);
    migration.prepareFilesFrom(settings, err());
    if (migration.report == null && inProcess && !migration.noReport) {
      // A newcomer's first run keeps a report too; ferry report ID finds it there.
      migration.report = FerryHome.reports().toString();
      defaultReport = true;
      try {
        migration.checkReport(settings.config(), inProcess);
      } catch (BadInputException e) {
        err().println("ferry: keeping no report: " + e.getMessage());
        migration.report = null;
      }
    }
  }

  @Override
  int execute(Session session) {
    MigrationStarter.start(session, migration, id, true, err());
    // Embedded, the migration stops with this command and goes on when run again; on a server,
    // workers go on without it, and watch follows it again.
    String notice =
        "ferry: migration "
            + id
            + (session.embedded()
                ? session.durable() ? " (interrupted? run again with --id " + id + ")" : ""
                : " (it goes on if this command stops: ferry watch " + id + " follows it)");
    int exit =
        new ProgressWatcher(session, out(), err(), terminal(), json).withNotice(notice).watch(id);
    String report = migration.report;
    if (report != null && exit != ExitCode.INTERRUPTED) {
      err()
          .println(
              "ferry: report in "
                  + ReportParts.location(report, id)
                  + "; read it with: ferry report "
                  + id
                  // ferry report ID asks a configured Temporal, which never saw an embedded run
                  + (inProcess && (!defaultReport || targetConfigured)
                      ? " --location " + report
                      : ""));
      err().flush();
    }
    return exit;
  }
}
