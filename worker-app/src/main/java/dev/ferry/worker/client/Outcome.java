package dev.ferry.worker.client;

import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;

/**
 * How a migration ended and the exit code that says so: 0 when every object is done, 1 with failed
 * objects or when it failed or was cancelled. A preflight refusal is bad input (2) and is thrown.
 *
 * @param progress the final counters (the last snapshot seen when the workflow failed)
 * @param message why it ended badly, or null
 * @param countersKnown whether the counters are the migration's own, not zeros standing for
 *     counters nobody could give
 * @param terminated whether the workflow was terminated (its state reads FAILED: the workflow never
 *     published an end of its own)
 */
public record Outcome(
    MigrationProgress progress, String message, boolean countersKnown, boolean terminated) {
  /** An outcome with the migration's own counters. */
  Outcome(MigrationProgress progress, String message) {
    this(progress, message, true, false);
  }

  /** How it ended as a person reads it: the state, or TERMINATED. */
  public String endedAs() {
    return terminated ? "TERMINATED" : progress.state().name();
  }

  /** Why the counters are not known, e.g. for {@code failed: counters not known (...)}. */
  public String whyCountersUnknown() {
    return terminated
        ? "a terminated workflow cannot be replayed to answer for them"
        : "no worker answered for them";
  }

  /** The outcome of a workflow that returned a report. */
  static Outcome of(MigrationReport report) {
    String message = report.message();
    if (message == null && nothingListed(report.progress())) {
      // A mistyped prefix lists nothing and "succeeds"; rclone says "There was nothing to
      // transfer". The exit code stays 0: an empty source is not an error.
      message =
          "nothing to transfer: the source listed no objects (check --from, and --include /"
              + " --exclude if given)";
    }
    return new Outcome(report.progress(), message);
  }

  private static boolean nothingListed(MigrationProgress p) {
    return p.state() == MigrationState.COMPLETED
        && p.listingComplete()
        && p.objectsTotal() == 0
        && p.objectsDeleted() == 0
        && !p.live();
  }

  /**
   * The outcome of a workflow that failed, was cancelled, terminated or timed out.
   *
   * @param last the last progress snapshot seen, or null
   * @throws BadInputException when the Preflight activity refused the locations
   */
  static Outcome of(WorkflowFailedException failure, MigrationProgress last, String id) {
    Throwable cause = failure.getCause();
    MigrationState state = MigrationState.FAILED;
    boolean terminated = false;
    String message = cause == null ? failure.getMessage() : cause.getMessage();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ActivityFailure a && "Preflight".equals(a.getActivityType())) {
        throw new BadInputException(
            refusal(rootMessage(a)), "correct what it names and run again", failure);
      }
      if (t instanceof ApplicationFailure app
          && (FerryFailures.PREFLIGHT_REFUSED.equals(app.getType())
              || FerryFailures.INVALID_REQUEST.equals(app.getType()))) {
        throw new BadInputException(
            refusal(app.getOriginalMessage()), "correct what it names and run again", failure);
      }
      if (t instanceof CanceledFailure) {
        state = MigrationState.CANCELLED;
        message = "cancelled";
      } else if (t instanceof TerminatedFailure) {
        terminated = true;
        message = "terminated: " + t.getMessage();
      } else if (t instanceof TimeoutFailure) {
        message = "timed out";
      } else if (t instanceof ApplicationFailure app) {
        message = app.getOriginalMessage();
      }
    }
    return new Outcome(withState(last, id, state), message, last != null, terminated);
  }

  /**
   * How migration {@code id}, whose workflow has closed without completing, ended: why, and its
   * last progress when a worker can still answer for it (never for a terminated one: the SDK cannot
   * replay a terminated history for a query), else zeros ({@link #countersKnown} false). A
   * preflight refusal is a reason here.
   */
  public static Outcome ofEnded(Session session, DescribeWorkflowExecutionResponse described) {
    String id = described.getWorkflowExecutionInfo().getExecution().getWorkflowId();
    MigrationProgress last =
        described.getWorkflowExecutionInfo().getStatus()
                == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED
            ? null // no worker could answer: asking would only make one replay the history
            : session.progressIfServed(described);
    try {
      return of(session.untyped(id).getResult(MigrationReport.class));
    } catch (WorkflowFailedException failed) {
      try {
        return of(failed, last, id);
      } catch (BadInputException refused) {
        return new Outcome(
            withState(last, id, MigrationState.FAILED), refused.getMessage(), last != null, false);
      }
    }
  }

  /** 0, or 1 for failed objects or a failed or cancelled migration. */
  int exitCode() {
    return endedClean(progress) ? ExitCode.OK : ExitCode.FAILED;
  }

  /**
   * Whether {@code p} completed with nothing failed: no source object, and no destination object a
   * sync's last pass was to delete (those count in the pass, not among the source's objects).
   */
  public static boolean endedClean(MigrationProgress p) {
    return p.state() == MigrationState.COMPLETED
        && p.objectsFailed() == 0
        && (p.lastPass() == null || p.lastPass().failed() == 0);
  }

  private static String refusal(String message) {
    return message != null && message.contains("refused") ? message : "refused: " + message;
  }

  private static String rootMessage(Throwable t) {
    String message = t.getMessage();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApplicationFailure app) {
        message = app.getOriginalMessage();
      }
    }
    return message;
  }

  private static MigrationProgress withState(MigrationProgress p, String id, MigrationState state) {
    if (p == null) {
      return MigrationProgress.unknownCounters(id, state);
    }
    return p.ended(state);
  }
}
