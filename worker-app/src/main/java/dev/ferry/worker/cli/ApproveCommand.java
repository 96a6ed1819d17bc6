package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.PrintableKeys;
import dev.ferry.workflows.DeleteApprovalSignal;
import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.MigrationProgress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry approve ID [--approver NAME]}: lets an {@code --approve-delete} move delete what it
 * verified. The approver travels in the signal's input, so the history says who allowed it.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "approve",
    description = "Approve the deletes of a move or sync started with --approve-delete.")
final class ApproveCommand extends IdCommand {
  @Option(
      names = "--approver",
      paramLabel = "NAME",
      description = "Who approves, kept in the workflow history (default: user@host).")
  String approver;

  @Override
  void validate() {
    super.validate();
    if (approver != null && approver.isBlank()) {
      throw new BadInputException("--approver is empty", "pass a name, e.g. --approver alice");
    }
  }

  @Override
  int execute(Session session) {
    MigrationProgress p = progress(session, requireRunning(session, "approve"));
    if (!p.awaitsDeleteApproval()) {
      throw new BadInputException(
          "migration " + id + " is not awaiting delete approval (state " + p.state() + ")",
          "approve once 'ferry status " + id + "' shows: " + FerryNames.AWAITING_DELETE_APPROVAL);
    }
    String name = approver == null ? defaultApprover() : approver.strip();
    session.workflow(id).approveDelete(new DeleteApprovalSignal(name));
    out()
        .println(
            "approved deletes of "
                + id
                + " by "
                + name
                + " ("
                + PrintableKeys.of(p.pausedReason())
                + ")");
    return ExitCode.OK;
  }

  /** {@code user@host} of this client; the workflow never looks at the machine it runs on. */
  static String defaultApprover() {
    String user = System.getProperty("user.name", "unknown");
    try {
      return user + "@" + InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return user + "@unknown-host";
    }
  }
}
