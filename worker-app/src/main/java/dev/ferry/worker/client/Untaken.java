package dev.ferry.worker.client;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.util.List;

/**
 * A running migration no worker has taken yet: no workflow task of its first run has completed, so
 * it has no counters, and a progress query would wait for a worker. Signals and a cancel sent
 * meanwhile add events to its history, not a run.
 *
 * @param cancelRequested whether a cancel waits for the first worker to take it
 */
public record Untaken(boolean cancelRequested) {
  /** Beyond this many events a history is not an untaken one's; nor worth reading for this. */
  private static final int FEW_EVENTS = 50;

  /** The described migration if no worker has taken it yet, else null. */
  public static Untaken of(Session session, DescribeWorkflowExecutionResponse described) {
    var info = described.getWorkflowExecutionInfo();
    if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        || !info.getExecution().getRunId().equals(info.getFirstRunId())
        || info.getHistoryLength() > FEW_EVENTS) {
      return null;
    }
    if (info.getHistoryLength() <= 2) {
      return new Untaken(false); // started, and its first workflow task scheduled
    }
    List<HistoryEvent> events =
        session.firstEvents(info.getExecution().getWorkflowId(), FEW_EVENTS);
    if (events.stream().anyMatch(e -> is(e, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED))) {
      return null;
    }
    return new Untaken(
        events.stream()
            .anyMatch(e -> is(e, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED)));
  }

  private static boolean is(HistoryEvent event, EventType type) {
    return event.getEventType() == type;
  }
}
