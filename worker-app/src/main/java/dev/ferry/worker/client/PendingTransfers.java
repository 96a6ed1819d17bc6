package dev.ferry.worker.client;

import com.google.protobuf.ByteString;
import dev.ferry.worker.format.InFlightObject;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the byte-level progress of in-flight transfers from a describe response. */
public final class PendingTransfers {
  private PendingTransfers() {}

  /** The in-flight objects whose activities heartbeat a byte count. */
  public static List<InFlightObject> of(DescribeWorkflowExecutionResponse describe) {
    List<InFlightObject> result = new ArrayList<>();
    for (PendingActivityInfo activity : describe.getPendingActivitiesList()) {
      if (!activity.hasHeartbeatDetails()) {
        continue;
      }
      List<String> json = new ArrayList<>();
      for (Payload payload : activity.getHeartbeatDetails().getPayloadsList()) {
        String encoding =
            payload
                .getMetadataOrDefault("encoding", ByteString.EMPTY)
                .toString(StandardCharsets.UTF_8);
        if (encoding.startsWith("json")) {
          json.add(payload.getData().toString(StandardCharsets.UTF_8));
        }
      }
      InFlightObject.parse(activity.getActivityType().getName(), activity.getAttempt(), json)
          .ifPresent(result::add);
    }
    return result;
  }

  /** Bytes moved by in-flight transfers, not yet counted in the workflow's progress. */
  public static long bytes(List<InFlightObject> inFlight) {
    return inFlight.stream().mapToLong(InFlightObject::bytes).sum();
  }
}
