package dev.ferry.worker.cli;

import dev.ferry.activities.config.Location;
import dev.ferry.worker.client.Locations;
import dev.ferry.worker.client.MigrationOptions;
import dev.ferry.worker.client.MigrationStarter;
import dev.ferry.worker.client.ProgressWatcher;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.Settings;
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

  @Override
  void validate() {
    migration.validate();
    from = Locations.parse("--from", migration.from);
    to = Locations.parse("--to", migration.to);
  }

  @Override
  boolean embedded(Settings settings) {
    return connection.embedded || !settings.targetConfigured();
  }

  @Override
  void prepare(Settings settings) {
    Locations.check(from, to, settings.config(), embedded(settings));
    migration.prepareFilesFrom(settings, err());
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
    return new ProgressWatcher(session, out(), err(), terminal(), json).watch(id);
  }
}
