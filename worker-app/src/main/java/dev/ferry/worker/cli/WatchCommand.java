package dev.ferry.worker.cli;

import dev.ferry.worker.client.ProgressWatcher;
import dev.ferry.worker.client.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry watch ID}: follow a running migration to its end, like {@code run} does. */
@Command(
    mixinStandardHelpOptions = true,
    name = "watch",
    description = "Follow a migration with a live progress bar until it ends.")
final class WatchCommand extends IdCommand {
  @Option(
      names = "--json",
      description = "At the end print the MigrationProgress JSON object only.")
  boolean json;

  @Override
  int execute(Session session) {
    session.describe(id);
    return new ProgressWatcher(session, out(), err(), terminal(), json).watch(id);
  }
}
