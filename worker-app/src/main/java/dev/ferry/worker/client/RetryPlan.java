package dev.ferry.worker.client;

import dev.ferry.activities.report.ObjectOutcome;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.workflows.FailuresPage;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.ObjectFailure;
import io.temporal.client.WorkflowException;
import java.util.Iterator;
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
 */
public record RetryPlan(MigrationRequest request, TreeSet<String> keys, String note) {
  private static final int PAGE = 200;

  /**
   * The plan for migration {@code id}, which must have ended; its report is opened with the
   * profiles of the config {@code configPath} names (null: the usual search).
   */
  public static RetryPlan of(Session session, String id, String configPath) {
    MigrationRequest request = session.request(id);
    if (request.report() == null) {
      return fromFailures(request, session, id);
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
      return new RetryPlan(request, keys, note);
    }
  }

  private static RetryPlan fromFailures(MigrationRequest request, Session session, String id) {
    TreeSet<String> keys = new TreeSet<>(KeyOrder.COMPARATOR);
    int seen = 0;
    int total;
    long ranges = 0;
    try {
      FailuresPage page;
      do {
        page = session.workflow(id).failures(seen, PAGE);
        total = page.total();
        seen += page.failures().size();
        for (ObjectFailure f : page.failures()) {
          if (FerryFailures.REASON_RANGE_FAILED.equals(f.reason())) {
            ranges++; // names a range, not a key
          } else {
            keys.add(f.key());
          }
        }
      } while (!page.failures().isEmpty() && seen < total);
    } catch (WorkflowException e) {
      throw new BadInputException(
          "no ferry worker answered the failures query of migration " + id,
          "start one with: ferry worker (task queue '" + session.taskQueue() + "')",
          e);
    }
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
    return new RetryPlan(request, keys, note);
  }
}
