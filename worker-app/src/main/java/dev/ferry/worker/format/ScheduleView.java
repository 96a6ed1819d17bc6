package dev.ferry.worker.format;

import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationSummaries;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A ferry schedule as {@code ferry schedule describe} prints it, and its JSON.
 *
 * @param name the schedule id
 * @param action what each run does, e.g. {@code copy src:b/in -> dst:b/out}
 * @param every the interval, e.g. {@code 1h}
 * @param overlap what happens to a run due while the last one still runs: {@code skip}
 * @param paused whether due runs are held
 * @param note why it was paused or unpaused, as the schedule keeps it
 * @param taskQueue where the runs go
 * @param workflowIdPrefix the runs' workflow ids are this, a dash and the time they were due
 * @param runs how many runs it started (triggered ones included)
 * @param skipped how many due runs it skipped because one was still going
 * @param running the workflow ids of its runs still going
 * @param nextRuns when the next runs are due once unpaused (Temporal lists them while paused)
 * @param recentRuns its latest runs, oldest first
 */
public record ScheduleView(
    String name,
    String action,
    String every,
    String overlap,
    boolean paused,
    String note,
    String taskQueue,
    String workflowIdPrefix,
    long runs,
    long skipped,
    List<String> running,
    List<Instant> nextRuns,
    List<Run> recentRuns) {

  /** One run a schedule started: when it was due, when it started, its workflow id. */
  public record Run(Instant scheduledAt, Instant startedAt, String workflowId) {}

  /** A line of {@code ferry schedule list}. */
  public record Row(String name, boolean paused, String every, Instant nextRun, String lastRun) {}

  /** The view of a described ferry schedule (its action starts a migration workflow). */
  public static ScheduleView of(ScheduleDescription d) {
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) d.getSchedule().getAction();
    MigrationRequest request = action.getArguments().get(0, MigrationRequest.class);
    ScheduleInfo info = d.getInfo();
    return new ScheduleView(
        d.getId(),
        MigrationSummaries.workflowSummary(request),
        every(d.getSchedule().getSpec()),
        d.getSchedule()
            .getPolicy()
            .getOverlap()
            .name()
            .replace("SCHEDULE_OVERLAP_POLICY_", "")
            .toLowerCase(Locale.ROOT),
        d.getSchedule().getState().isPaused(),
        blankToNull(d.getSchedule().getState().getNote()),
        action.getOptions().getTaskQueue(),
        action.getOptions().getWorkflowId(),
        info.getNumActions(),
        info.getNumActionsSkippedOverlap(),
        info.getRunningActions().stream().map(ScheduleView::workflowId).toList(),
        List.copyOf(info.getNextActionTimes()),
        runs(info.getRecentActions()));
  }

  /** The list line of a ferry schedule. */
  public static Row row(ScheduleListDescription d) {
    List<Run> recent = runs(d.getInfo().getRecentActions());
    List<Instant> next = d.getInfo().getNextActionTimes();
    return new Row(
        d.getScheduleId(),
        d.getSchedule().getState().isPaused(),
        every(d.getSchedule().getSpec()),
        next.isEmpty() ? null : next.get(0),
        recent.isEmpty() ? null : recent.get(recent.size() - 1).workflowId());
  }

  /** The workflow id a schedule action started. */
  public static String workflowId(ScheduleActionExecution action) {
    return action instanceof ScheduleActionExecutionStartWorkflow start
        ? start.getWorkflowId()
        : "?";
  }

  private static List<Run> runs(List<ScheduleActionResult> actions) {
    return actions.stream()
        .sorted(Comparator.comparing(ScheduleActionResult::getStartedAt))
        .map(a -> new Run(a.getScheduledAt(), a.getStartedAt(), workflowId(a.getAction())))
        .toList();
  }

  /** The intervals of a spec, e.g. {@code 1h}; ferry creates exactly one. */
  private static String every(ScheduleSpec spec) {
    List<ScheduleIntervalSpec> intervals = spec == null ? List.of() : spec.getIntervals();
    if (intervals == null || intervals.isEmpty()) {
      return "-";
    }
    return intervals.stream()
        .map(i -> Units.exactDuration(i.getEvery()))
        .collect(Collectors.joining(", "));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
