package dev.ferry.worker.cli;

import dev.ferry.worker.client.MigrationSchedules;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;

/**
 * A {@code ferry schedule} command. Schedules live in a Temporal server and start migrations on a
 * worker while no ferry command runs, so embedded Temporal, which ends with the command, is refused
 * before anything starts.
 */
abstract class ScheduleClientCommand extends ClientCommand {
  @Override
  void validate() {
    if (connection.embedded) {
      throw new BadInputException(
          "schedules need a Temporal server that outlives this command, and --embedded ends with"
              + " it",
          "run a Temporal server and a ferry worker, and pass --temporal HOST:PORT (or set"
              + " temporal.target in ferry.yaml)");
    }
  }

  MigrationSchedules schedules(Session session) {
    return new MigrationSchedules(session);
  }
}
