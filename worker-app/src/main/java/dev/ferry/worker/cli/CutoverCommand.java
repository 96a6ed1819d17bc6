package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import picocli.CommandLine.Command;

/**
 * {@code ferry cutover ID}: the next pass of a {@code --live} migration started after this is its
 * last; the migration completes when that pass ends clean. Stop writes to the source first.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "cutover",
    description =
        "Make the next pass of a --live migration the last (stop writes to the source first).")
final class CutoverCommand extends IdCommand {
  @Override
  int execute(Session session) {
    DescribeWorkflowExecutionResponse described = requireRunning(session, "cut over");
    MigrationProgress p = session.lastProgress(described);
    if (p == null) {
      // Like pause, the signal waits in the history for a worker: an operator who froze writes
      // for the cutover must not find later that nothing was sent.
      session.workflow(id).cutover();
      out()
          .println(
              signalWaits("cutover", described)
                  + "; the pass it then starts or runs next is final (a migration that is not"
                  + " --live ignores it)");
      return ExitCode.OK;
    }
    if (!p.live()) {
      throw new BadInputException(
          "migration " + id + " is not a --live migration; it ends after its one pass",
          "start live migrations with --live");
    }
    session.workflow(id).cutover();
    out()
        .println(
            "cutover of "
                + id
                + " requested: "
                + (p.state() == MigrationState.PAUSED
                    ? "it is paused; the final pass starts when it is resumed (ferry resume "
                        + id
                        + ")"
                    : p.finalPass() && p.nextPassAt() == null
                        ? "the running pass " + p.pass() + " is final already"
                        : p.nextPassAt() != null
                            ? "the final pass starts now"
                            : "pass "
                                + (p.pass() + 1)
                                + " (after the running pass "
                                + p.pass()
                                + ") is final")
                + "; 'ferry watch "
                + id
                + "' follows it");
    return ExitCode.OK;
  }
}
