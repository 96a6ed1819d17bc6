package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.workflows.MigrationRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry set-concurrency ID N}: change the in-flight limit of a running migration. */
@Command(
    mixinStandardHelpOptions = true,
    name = "set-concurrency",
    description = "Change how many ranges a migration runs at once.")
final class SetConcurrencyCommand extends IdCommand {
  @Parameters(index = "1", paramLabel = "N", description = "New limit, 1..1024.")
  int concurrency;

  @Override
  void validate() {
    super.validate();
    if (concurrency < 1 || concurrency > MigrationRequest.MAX_CONCURRENCY) {
      throw new BadInputException(
          "concurrency " + concurrency + " is outside 1..1024",
          "pass e.g. ferry set-concurrency " + id + " 16");
    }
  }

  @Override
  int execute(Session session) {
    // An update waits for a worker to run it: without one it would wait without end.
    progress(session, requireRunning(session, "change"), "set-concurrency update");
    int now = session.workflow(id).setConcurrency(concurrency);
    out().println("concurrency of " + id + " is now " + now);
    return ExitCode.OK;
  }
}
