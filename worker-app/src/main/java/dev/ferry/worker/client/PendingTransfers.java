package dev.ferry.worker.client;

import dev.ferry.activities.migration.RangeHeartbeat;
import dev.ferry.worker.format.InFlightObject;
import dev.ferry.worker.format.RetryingActivity;
import dev.ferry.workflows.MigrationActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the progress of the range activities in flight, and the retries of failed activities, from
 * a describe response.
 */
public final class PendingTransfers {
  /** The activity types of range steps, as the workflows' activity interfaces name them. */
  private static final Set<String> RANGE_STEPS =
      Set.of("CopyRange", "VerifyRange", "DeleteRange", "PruneRange");

  private PendingTransfers() {}

  /** The range activities in flight that have heartbeated. */
  public static List<InFlightObject> of(DescribeWorkflowExecutionResponse describe) {
    return of(describe, null);
  }

  /**
   * The range activities in flight in {@code after} that were pending in {@code before} too, taken
   * before the progress query that {@code after} follows: so none had ended when the workflow
   * answered, and none is counted twice. (One that ended between a describe and the query was in
   * both counts: an audit's status showed more bytes than the migration's total.)
   */
  public static List<InFlightObject> stillPending(
      DescribeWorkflowExecutionResponse before, DescribeWorkflowExecutionResponse after) {
    Set<String> pending =
        before.getPendingActivitiesList().stream()
            .map(PendingActivityInfo::getActivityId)
            .collect(Collectors.toSet());
    return of(after, pending);
  }

  private static List<InFlightObject> of(
      DescribeWorkflowExecutionResponse describe, Set<String> onlyIds) {
    List<InFlightObject> result = new ArrayList<>();
    for (PendingActivityInfo activity : describe.getPendingActivitiesList()) {
      if (activity.hasHeartbeatDetails()
          && (onlyIds == null || onlyIds.contains(activity.getActivityId()))) {
        heartbeat(activity)
            .map(
                beat ->
                    InFlightObject.of(
                        activity.getActivityType().getName(), activity.getAttempt(), beat))
            .ifPresent(result::add);
      }
    }
    return result;
  }

  /** How many range steps (copy, verify, delete, prune: not listing) are pending. */
  public static long rangeSteps(DescribeWorkflowExecutionResponse describe) {
    return describe.getPendingActivitiesList().stream()
        .filter(a -> RANGE_STEPS.contains(a.getActivityType().getName()))
        .count();
  }

  /** The activities being retried after a failure, with the failure, in describe's order. */
  public static List<RetryingActivity> retrying(DescribeWorkflowExecutionResponse describe) {
    List<RetryingActivity> result = new ArrayList<>();
    for (PendingActivityInfo activity : describe.getPendingActivitiesList()) {
      if (activity.getAttempt() > 1 && activity.hasLastFailure()) {
        String failure = said(activity.getLastFailure());
        result.add(
            new RetryingActivity(
                activity.getActivityType().getName(), activity.getAttempt(), failure));
      }
    }
    return result;
  }

  /**
   * The failure's first line; a timeout in words, since the server says "activity Heartbeat
   * timeout".
   */
  private static String said(Failure failure) {
    if (failure.hasTimeoutFailureInfo()) {
      TimeoutType type = failure.getTimeoutFailureInfo().getTimeoutType();
      if (type == TimeoutType.TIMEOUT_TYPE_HEARTBEAT) {
        return "it stopped heartbeating for "
            + MigrationActivityOptions.HEARTBEAT_TIMEOUT.toSeconds()
            + " s: its worker died or lost Temporal, or a store it was calling stopped answering";
      }
      if (type == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE) {
        return "it ran past its time limit";
      }
    }
    return failure.getMessage().lines().findFirst().orElse("");
  }

  /**
   * Bytes written by the range activities in flight, not yet counted in the workflow's progress.
   */
  public static long bytes(List<InFlightObject> inFlight) {
    return inFlight.stream().mapToLong(InFlightObject::written).sum();
  }

  /** The activity's range heartbeat; empty for another activity's details (a listing's: none). */
  private static Optional<RangeHeartbeat> heartbeat(PendingActivityInfo activity) {
    try {
      return Optional.ofNullable(
          DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
              0,
              Optional.of(activity.getHeartbeatDetails()),
              RangeHeartbeat.class,
              RangeHeartbeat.class));
    } catch (DataConverterException e) {
      return Optional.empty();
    }
  }
}
