package dev.ferry.activities.testing;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads workflow histories in tests: every run of a continue-as-new chain, events by type. */
public final class Histories {
  private Histories() {}

  /** The histories of every run of {@code workflowId}, first run first. */
  public static List<WorkflowExecutionHistory> runs(WorkflowClient client, String workflowId) {
    List<WorkflowExecutionHistory> forward = runsForward(client, workflowId);
    if (forward.get(forward.size() - 1).getLastEvent().getEventType()
        == client.fetchHistory(workflowId).getLastEvent().getEventType()) {
      return forward;
    }
    // The test server sometimes answers a continued run's history without its last events when
    // asked by run id from the first run on; walking back from the latest run gets whole ones.
    List<WorkflowExecutionHistory> back = new ArrayList<>();
    WorkflowExecutionHistory h = client.fetchHistory(workflowId);
    while (true) {
      back.add(0, h);
      String previous =
          h.getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getContinuedExecutionRunId();
      if (previous == null || previous.isEmpty()) {
        return back;
      }
      h = client.fetchHistory(workflowId, previous);
    }
  }

  private static List<WorkflowExecutionHistory> runsForward(
      WorkflowClient client, String workflowId) {
    List<WorkflowExecutionHistory> runs = new ArrayList<>();
    WorkflowExecutionHistory latest = client.fetchHistory(workflowId);
    String firstRunId =
        latest
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getFirstExecutionRunId();
    String runId = firstRunId;
    while (runId != null) {
      WorkflowExecutionHistory h = client.fetchHistory(workflowId, runId);
      runs.add(h);
      HistoryEvent last = h.getLastEvent();
      runId =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return runs;
  }

  /** Events of {@code type} in {@code history}. */
  public static List<HistoryEvent> events(WorkflowExecutionHistory history, EventType type) {
    return history.getEvents().stream().filter(e -> e.getEventType() == type).toList();
  }

  /** Events of {@code type} over all runs of {@code workflowId}. */
  public static long count(WorkflowClient client, String workflowId, EventType type) {
    return runs(client, workflowId).stream().mapToLong(h -> events(h, type).size()).sum();
  }

  /** The activity summaries (UI text) of the scheduled activities of {@code history}. */
  public static List<String> activitySummaries(WorkflowExecutionHistory history) {
    return events(history, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).stream()
        .filter(e -> e.getUserMetadata().hasSummary())
        .map(
            e ->
                DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    e.getUserMetadata().getSummary(), String.class, String.class))
        .toList();
  }

  /** What {@code run} was started with: the request (and checkpoint) of a continued run. */
  public static <T> T input(WorkflowExecutionHistory run, Class<T> type) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
        run.getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0),
        type,
        type);
  }

  /** The size of {@code run}'s input payload, in bytes. */
  public static int inputBytes(WorkflowExecutionHistory run) {
    return run.getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getInput()
        .getPayloads(0)
        .getData()
        .size();
  }

  /** The results of the completed activities of {@code activityType} in {@code run}. */
  public static <T> List<T> results(
      WorkflowExecutionHistory run, String activityType, Class<T> type) {
    Map<Long, String> types =
        events(run, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).stream()
            .collect(
                Collectors.toMap(
                    HistoryEvent::getEventId,
                    e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()));
    return events(run, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).stream()
        .map(HistoryEvent::getActivityTaskCompletedEventAttributes)
        .filter(a -> activityType.equals(types.get(a.getScheduledEventId())))
        .map(
            a ->
                DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    a.getResult().getPayloads(0), type, type))
        .toList();
  }
}
