package dev.ferry.worker.cli;

import dev.ferry.worker.client.MigrationOptions;
import dev.ferry.worker.client.MigrationStarter;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.Settings;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ferry start --from LOC --to LOC [options]}: start a migration, print its id. */
@Command(
    mixinStandardHelpOptions = true,
    name = "start",
    description = "Start a migration on a running worker; print its id.")
final class StartCommand extends ClientCommand {
  @Mixin MigrationOptions migration;

  @Override
  void validate() {
    if (connection.embedded) {
      throw new BadInputException(
          "start --embedded would lose the migration when ferry exits",
          "use ferry run --embedded, or start a worker (ferry worker) and a Temporal server");
    }
    migration.validate();
  }

  @Override
  void prepare(Settings settings) {
    migration.checkLocations(settings.config(), false);
    migration.prepareFilesFrom(settings, err());
  }

  @Override
  int execute(Session session) {
    String id = MigrationStarter.start(session, migration, false, err());
    out().println(id);
    if (!session.hasWorker()) {
      // Temporal keeps the migration until a worker comes; without one it never starts.
      err()
          .println(
              "ferry: no worker polls task queue '"
                  + session.taskQueue()
                  + "' yet: "
                  + id
                  + " waits for one (start it with: ferry worker, with the same temporal"
                  + " settings)");
    }
    return ExitCode.OK;
  }
}
