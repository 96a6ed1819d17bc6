package dev.ferry.worker.cli;

import dev.ferry.worker.client.SearchAttributes;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.Units;
import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.MigrationState;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry list [--state S]}: the migrations of the namespace, newest first. */
@Command(
    mixinStandardHelpOptions = true,
    name = "list",
    description = "List migrations, optionally only those in one state.")
final class ListCommand extends ClientCommand {
  private static final int LIMIT = 200;

  @Option(
      names = "--state",
      paramLabel = "S",
      description = "pending, running, paused, completed, failed or cancelled.")
  String state;

  private MigrationState wanted;

  @Override
  void validate() {
    if (state == null) {
      return;
    }
    try {
      wanted = MigrationState.valueOf(state.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "--state '" + state + "' is not a migration state",
          "use one of pending, running, paused, completed, failed, cancelled");
    }
  }

  @Override
  int execute(Session session) {
    // A migration is listed once: each continue-as-new closes a run, which visibility keeps.
    String query =
        "WorkflowType=\"" + FerryNames.WORKFLOW_TYPE + "\" AND ExecutionStatus!=\"ContinuedAsNew\"";
    if (wanted != null && !wanted.isTerminal()) {
      // A terminated run keeps the state it last published: only running ones can be in it.
      query += " AND ExecutionStatus=\"Running\"";
    }
    if (wanted != null) {
      if (!session.searchAttributes()) {
        throw new BadInputException(
            "--state needs the FerryState search attribute, which is not registered",
            SearchAttributes.hint(session.namespace()).substring("ferry: ".length()));
      }
      query += " AND " + FerryNames.SEARCH_ATTRIBUTE_STATE + "=\"" + wanted.name() + "\"";
    }
    List<WorkflowExecutionMetadata> executions;
    try {
      executions = session.client().listExecutions(query).limit(LIMIT).toList();
    } catch (StatusRuntimeException e) {
      throw new BadInputException(
          "this Temporal cannot list workflows (" + e.getStatus().getCode() + ")",
          "use a Temporal server with visibility, e.g. the dev server or --temporal HOST:PORT");
    }
    out()
        .printf(
            Locale.ROOT, "%-40s %-10s %-10s %7s  %s%n", "ID", "STATUS", "STATE", "DONE", "STARTED");
    for (WorkflowExecutionMetadata e : executions) {
      io.temporal.common.SearchAttributes attributes = e.getTypedSearchAttributes();
      // Terminated or timed out, a workflow never published its end: its last state is stale.
      boolean endedOutside =
          e.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED
              || e.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
      String ferryState = endedOutside ? null : attributes.get(SearchAttributes.STATE);
      Double ferryPercent = attributes.get(SearchAttributes.PERCENT);
      out()
          .printf(
              Locale.ROOT,
              "%-40s %-10s %-10s %7s  %s%n",
              e.getExecution().getWorkflowId(),
              e.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
              ferryState == null ? "-" : ferryState,
              ferryPercent == null ? "-" : Units.percent(ferryPercent),
              startedAt(e));
    }
    return ExitCode.OK;
  }

  /**
   * When the migration started: its memo's {@code startedAt}, which every run carries, else (a
   * migration an older ferry started) the start of its latest run.
   */
  private static Instant startedAt(WorkflowExecutionMetadata e) {
    try {
      String memo = e.getMemo(FerryNames.MEMO_STARTED_AT, String.class, String.class);
      return memo == null ? e.getStartTime() : Instant.parse(memo);
    } catch (RuntimeException unreadable) {
      return e.getStartTime(); // set by something else than ferry
    }
  }
}
