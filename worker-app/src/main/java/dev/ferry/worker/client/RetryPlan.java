package dev.ferry.worker.client;

import dev.ferry.activities.report.ObjectOutcome;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.ObjectFailure;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowException;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What {@code ferry retry ID} starts: ID's own request (locations and options, from the start of
 * its history) over the keys ID failed. The keys come from ID's report when it has one (every
 * failure), else from its {@code failures} query, which keeps only the last ones: {@link #note}
 * says so.
 *
 * @param request ID's request, as it started
 * @param keys the failed keys, in key order, distinct
 * @param note what the user should know about where the keys came from
 * @param unnamed failed objects counted in whole ranges, whose keys nothing names
 */
public record RetryPlan(MigrationRequest request, TreeSet<String> keys, String note, long unnamed) {
  /**
   * The plan for the described migration, which must have ended; its report is opened with the
   * profiles of the config {@code configPath} names (null: the usual search).
   */
  public static RetryPlan of(
      Session session, DescribeWorkflowExecutionResponse described, String configPath) {
    String id = described.getWorkflowExecutionInfo().getExecution().getWorkflowId();
    MigrationRequest request = session.request(id);
    if (request.report() == null) {
      return fromFailures(request, session, described);
    }
    TreeSet<String> keys = new TreeSet<>(KeyOrder.COMPARATOR);
    long unnamed = 0;
    try (ReportAccess report = ReportAccess.open(configPath, request.report(), id);
        Stream<ObjectOutcome> failures = report.reader().failures()) {
      for (Iterator<ObjectOutcome> it = failures.iterator(); it.hasNext(); ) {
        ObjectOutcome o = it.next();
        if (o.key() != null) {
          keys.add(o.key());
        } else {
          unnamed += o.count();
        }
      }
      String note =
          "retrying the "
              + keys.size()
              + " failed object(s) named in the report at "
              + report.location();
      if (unnamed > 0) {
        note += "; " + unnamed + " more failed in ranges the report cannot name keys of";
      }
      MigrationProgress counted = session.lastProgress(described);
      long unrecorded = counted == null ? 0 : counted.objectsFailed() - keys.size() - unnamed;
      if (unrecorded > 0) {
        note +=
            "; "
                + unrecorded
                + " more failed in ranges whose last attempt ended before writing to the report";
      }
      return new RetryPlan(request, keys, note, unnamed + Math.max(unrecorded, 0));
    }
  }

  private static RetryPlan fromFailures(
      MigrationRequest request, Session session, DescribeWorkflowExecutionResponse described) {
    String id = described.getWorkflowExecutionInfo().getExecution().getWorkflowId();
    TreeSet<String> keys = new TreeSet<>(KeyOrder.COMPARATOR);
    List<ObjectFailure> failures;
    try {
      failures = WorkflowFailures.all(session, id);
    } catch (WorkflowException e) {
      throw Session.unanswered(described, "failures query", e);
    }
    long ranges = 0;
    for (ObjectFailure f : failures) {
      if (WorkflowFailures.isRange(f)) {
        ranges++; // names a range, not a key
      } else {
        keys.add(f.key());
      }
    }
    int total = failures.size();
    long failed = session.workflow(id).progress().objectsFailed();
    String note = "retrying the " + keys.size() + " failed object(s) that " + id + " still names";
    if (failed > keys.size()) {
      note +=
          "; it failed "
              + failed
              + " and, without --report, keeps only the last "
              + total
              + (ranges > 0 ? " (" + ranges + " of them whole ranges)" : "")
              + "; run with --report to keep all";
    }
    return new RetryPlan(request, keys, note, Math.max(failed - keys.size(), 0));
  }
}
