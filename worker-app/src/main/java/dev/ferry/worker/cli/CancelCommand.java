package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
import picocli.CommandLine.Command;

/** {@code ferry cancel ID}: Temporal cancellation; nothing unverified is deleted. */
@Command(
    mixinStandardHelpOptions = true,
    name = "cancel",
    description = "Cancel a migration: in-flight transfers stop, nothing unverified is deleted.")
final class CancelCommand extends IdCommand {
  @Override
  int execute(Session session) {
    requireRunning(session, "cancel");
    session.untyped(id).cancel();
    out().println("cancellation requested for " + id);
    return ExitCode.OK;
  }
}
