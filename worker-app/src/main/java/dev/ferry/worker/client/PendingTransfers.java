package dev.ferry.worker.client;

import dev.ferry.activities.migration.RangeHeartbeat;
import dev.ferry.worker.format.InFlightObject;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the progress of the range activities in flight from a describe response. */
public final class PendingTransfers {
  private PendingTransfers() {}

  /** The range activities in flight that have heartbeated. */
  public static List<InFlightObject> of(DescribeWorkflowExecutionResponse describe) {
    List<InFlightObject> result = new ArrayList<>();
    for (PendingActivityInfo activity : describe.getPendingActivitiesList()) {
      if (activity.hasHeartbeatDetails()) {
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
