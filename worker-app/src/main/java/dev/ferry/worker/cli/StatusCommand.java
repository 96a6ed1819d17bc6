package dev.ferry.worker.cli;

import dev.ferry.worker.client.Outcome;
import dev.ferry.worker.client.PendingTransfers;
import dev.ferry.worker.client.ReportAccess;
import dev.ferry.worker.client.SearchAttributes;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.Untaken;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.AverageRate;
import dev.ferry.worker.format.DryRunText;
import dev.ferry.worker.format.EtaCountdown;
import dev.ferry.worker.format.InFlightObject;
import dev.ferry.worker.format.JsonOutput;
import dev.ferry.worker.format.ProgressText;
import dev.ferry.worker.format.RetryingActivity;
import dev.ferry.worker.format.Units;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.PassSummary;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry status ID [--json]}: one snapshot, with byte-level progress of big transfers. */
@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description = "Show a migration's progress once.")
final class StatusCommand extends IdCommand {
  @Option(names = "--json", description = "Print the MigrationProgress JSON object only.")
  boolean json;

  @Override
  int execute(Session session) {
    DescribeWorkflowExecutionResponse describe = session.describe(id);
    WorkflowExecutionStatus status = describe.getWorkflowExecutionInfo().getStatus();
    // Failed, cancelled, terminated or timed out: told from its history, as watch tells it.
    Outcome ended =
        status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
                || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
            ? null
            : Outcome.ofEnded(session, describe);
    // Never run: nothing to ask a worker for (a query would wait for one to take the workflow).
    Untaken untaken = ended == null ? Untaken.of(session, describe) : null;
    boolean waiting = untaken != null;
    MigrationProgress p =
        ended != null
            ? ended.progress()
            : waiting
                ? MigrationProgress.unknownCounters(id, MigrationState.PENDING)
                : progress(session, describe);
    boolean running = ended == null && !waiting && p.state() == MigrationState.RUNNING;
    // Running, described again after the query: only ranges pending at both looks count in flight.
    List<InFlightObject> inFlight =
        running
            ? PendingTransfers.stillPending(describe, session.describe(id))
            : PendingTransfers.of(describe);
    // Paused or ended, no bytes in flight: what its stopped ranges did, the counters hold.
    long inFlightBytes = running ? PendingTransfers.bytes(inFlight) : 0;
    if (running) {
      p = withInFlightRate(p, inFlightBytes);
    }
    PrintWriter out = out();
    int exit = exitCode(ended, p);
    if (json) {
      // The bytes the ranges in flight wrote so far, which the text adds to bytesCopied.
      out.println(
          DryRunText.applies(p)
              ? DryRunText.json(p)
              : JsonOutput.writeWith(p, "bytesInFlight", inFlightBytes));
      return exit;
    }
    out.println("id:        " + p.id());
    if (ended != null && !ended.countersKnown()) {
      endedWithoutCounters(out, session, describe, ended);
      return exit;
    }
    out.println("progress:  " + ProgressText.line(p, inFlightBytes));
    if (ended != null && ended.message() != null) {
      out.println("ended:     " + ended.message());
    }
    long notDeleted = p.lastPass() == null ? 0 : p.lastPass().failed() - p.objectsFailed();
    if (p.state() == MigrationState.COMPLETED && notDeleted > 0) {
      // What makes status exit 1 here, where the counters say 0 failed.
      out.println(
          "ended:     " + PassSummary.notDeleted(notDeleted) + " (ferry failures " + id + ")");
    }
    if (p.state() == MigrationState.CANCELLED) {
      // A cancelled range reports nothing back: what it wrote is not in the counters.
      out.println(
          "counters:  count the ranges that finished; what a range the cancel cut short wrote is"
              + " named only by a --report"
              + (ReportAccess.reportOf(session, id) != null
                  ? ": ferry report " + id + " --format summary"
                  : ", which this migration does not keep"));
    }
    if (waiting) {
      String queue = Session.taskQueueOf(describe);
      out.println(
          session.hasWorker(queue)
              ? "waiting:   for a worker polling task queue '" + queue + "' to take it"
              : "waiting:   no worker polls task queue '"
                  + queue
                  + "' yet; start one with: ferry worker");
      if (untaken.cancelRequested()) {
        out.println("cancel:    requested; the migration ends as soon as a worker takes it");
      }
      return ExitCode.OK;
    }
    out.println(
        "objects:   "
            + p.objectsTotal()
            + (p.listingComplete() ? "" : "+")
            + " total, "
            + p.objectsDeleted()
            + " deleted, "
            + (p.objectsKept() == 0 ? "" : p.objectsKept() + " kept, ")
            + p.inFlight()
            + (p.state() == MigrationState.PAUSED
                ? " ranges held for resume" + stillRunning(describe)
                : " ranges in flight")
            + " (limit "
            + p.maxConcurrency()
            + ")");
    if (!p.listingComplete() && p.partitionsKnown() > 1) {
      out.println(
          "listing:   "
              + p.partitionsListed()
              + " of "
              + p.partitionsKnown()
              + " partitions listed (a slow listing splits the key space)");
    }
    if (p.live() && p.lastPass() != null) {
      PassSummary last = p.lastPass();
      out.println(
          String.format(
              Locale.ROOT,
              "passes:    %d done%s; pass %d (started %s, %.1f s): %d changed (%s), %d deleted,"
                  + " %d failed%s",
              p.passesCompleted(),
              p.finalPass() && p.state() != MigrationState.COMPLETED
                  ? ", the running one is final"
                  : "",
              last.pass(),
              last.startedAt(),
              last.seconds(),
              last.objectsChanged(),
              Units.bytes(last.bytesChanged()),
              last.deleted(),
              last.failed(),
              p.converged() ? "; converged" : ""));
    }
    if (p.deleteApprovedBy() != null) {
      out.println("approved:  deletes by " + p.deleteApprovedBy() + " at " + p.deleteApprovedAt());
    }
    for (InFlightObject object : inFlight) {
      out.println("  " + object.describe());
    }
    for (RetryingActivity retry : PendingTransfers.retrying(describe)) {
      out.println("retrying:  " + retry.describe());
    }
    return exit;
  }

  /**
   * Paused, a range holds its slot until resume continues it; an activity it had started runs to
   * its end first (an audit read "2 ranges held for resume" while they went on writing for tens of
   * seconds), so say how many still run.
   */
  private static String stillRunning(DescribeWorkflowExecutionResponse describe) {
    long running = PendingTransfers.rangeSteps(describe);
    return running == 0
        ? ""
        : ", "
            + running
            + " of them still running: a pause lets each finish the step it had started";
  }

  /**
   * {@code p}, its ETA counted down since its last change, and its rate at least what every byte
   * moved so far gives, in-flight ones included.
   */
  private static MigrationProgress withInFlightRate(MigrationProgress p, long inFlightBytes) {
    Instant now = Instant.now();
    long moved = p.bytesCopied() + inFlightBytes;
    return AverageRate.soonerByBytesLeft(
        AverageRate.atLeast(EtaCountdown.sinceUpdate(p, now), moved, now), moved);
  }

  /**
   * As {@code run} and {@code watch} end (DESIGN §4): 1 for a migration that failed, was cancelled,
   * terminated or timed out, or finished with failed objects; 0 while it runs and once every object
   * is done, so a script can ask {@code ferry status ID} whether a migration went well.
   */
  private static int exitCode(Outcome ended, MigrationProgress p) {
    boolean finishedWithFailures = p.state() == MigrationState.COMPLETED && !Outcome.endedClean(p);
    return ended != null || finishedWithFailures ? ExitCode.FAILED : ExitCode.OK;
  }

  /**
   * A closed migration whose counters nobody can give: zeros would read as a migration that moved
   * nothing, so it says what is known (its last published percent) and why the rest is not.
   */
  private void endedWithoutCounters(
      PrintWriter out, Session session, DescribeWorkflowExecutionResponse describe, Outcome ended) {
    var info = describe.getWorkflowExecutionInfo();
    Double percent = SearchAttributes.lastPercent(info);
    out.println(
        "progress:  "
            + ended.endedAs()
            + (percent == null ? "" : ", " + Units.percent(percent) + " done when it last reported")
            + "; counters not known");
    if (ended.message() != null) {
      out.println("ended:     " + ended.message());
    }
    out.println(
        "counters:  "
            + (ended.terminated()
                ? ended.whyCountersUnknown()
                : "no worker polls task queue '"
                    + Session.taskQueueOf(describe)
                    + "' to answer for them")
            + "; a migration started with --report has them in: ferry report "
            + id
            + " --format summary");
  }
}
