package dev.ferry.worker.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.activities.config.ConfigBackendResolver;
import dev.ferry.activities.config.ConfigException;
import dev.ferry.activities.report.ObjectOutcome;
import dev.ferry.activities.report.ReportParts;
import dev.ferry.activities.report.ReportReader;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.workflows.FailuresPage;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.ObjectFailure;
import io.temporal.api.common.v1.Payloads;
import io.temporal.client.WorkflowException;
import io.temporal.common.converter.DataConverter;
import java.util.Iterator;
import java.util.Optional;
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

  /** The plan for migration {@code id}, which must have ended. */
  public static RetryPlan of(Session session, String id, Settings settings) {
    Payloads input =
        session
            .client()
            .fetchHistory(id)
            .getHistory()
            .getEvents(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput();
    DataConverter converter = session.client().getOptions().getDataConverter();
    MigrationRequest request =
        converter.fromPayloads(
            0, Optional.of(input), MigrationRequest.class, MigrationRequest.class);
    JsonNode raw = converter.fromPayloads(0, Optional.of(input), JsonNode.class, JsonNode.class);
    JsonNode report = raw == null ? null : raw.get("report");
    return report != null && report.isTextual()
        ? fromReport(request, ReportParts.location(report.asText(), id), settings)
        : fromFailures(request, session, id);
  }

  private static RetryPlan fromReport(
      MigrationRequest request, String location, Settings settings) {
    TreeSet<String> keys = new TreeSet<>(KeyOrder.COMPARATOR);
    long unnamed = 0;
    try (ConfigBackendResolver resolver = settings.newResolver();
        StorageBackend store = resolver.open(location);
        Stream<ObjectOutcome> failures = ReportReader.of(store).failures()) {
      for (Iterator<ObjectOutcome> it = failures.iterator(); it.hasNext(); ) {
        ObjectOutcome o = it.next();
        if (o.key() != null) {
          keys.add(o.key());
        } else {
          unnamed += o.count();
        }
      }
    } catch (ConfigException | StorageException e) {
      throw new BadInputException("the report at " + location + ": " + e.getMessage(), null, e);
    }
    String note =
        "retrying the " + keys.size() + " failed object(s) named in the report at " + location;
    if (unnamed > 0) {
      note += "; " + unnamed + " more failed in ranges the report cannot name keys of";
    }
    return new RetryPlan(request, keys, note);
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
