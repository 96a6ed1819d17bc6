package dev.ferry.worker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.ferry.activities.migration.RangeHeartbeat;
import dev.ferry.worker.format.InFlightObject;
import dev.ferry.worker.format.RetryingActivity;
import dev.ferry.workflows.RangeResult;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingTransfersTest {
  @Test
  void readsTheRangesHeartbeatsAndSkipsOtherDetails() {
    RangeResult partial = new RangeResult(2, 0, 0, 200, 0, 0, 0, List.of(), null);
    DescribeWorkflowExecutionResponse describe =
        DescribeWorkflowExecutionResponse.newBuilder()
            .addPendingActivities(
                pending("CopyRange", encoded(new RangeHeartbeat("b", partial, "c", 50, null, 250))))
            .addPendingActivities(
                pending(
                    "CopyRange", encoded(new RangeHeartbeat(null, partial, null, 0, null, 900))))
            .addPendingActivities(pending("ListRanges", encoded(null)))
            .addPendingActivities(pending("CopyRange", json("not json {")))
            // A heartbeat of a worker older than bytesWritten: nothing it wrote is counted.
            .addPendingActivities(
                pending("CopyRange", json("{\"lastKey\":\"x\",\"currentBytes\":9}")))
            .addPendingActivities(PendingActivityInfo.newBuilder().build())
            .build();
    List<InFlightObject> inFlight = PendingTransfers.of(describe);
    assertEquals(3, inFlight.size(), inFlight.toString());
    assertEquals("c", inFlight.get(0).key());
    assertEquals(50, inFlight.get(0).bytes());
    assertEquals(250 + 900, PendingTransfers.bytes(inFlight));
  }

  @Test
  void onlyRangesPendingBeforeAndAfterTheQueryCountInFlight() {
    DescribeWorkflowExecutionResponse before =
        DescribeWorkflowExecutionResponse.newBuilder()
            .addPendingActivities(copying("7", 700))
            .addPendingActivities(copying("9", 300))
            .build();
    // Range 7 ended before the query (which counted it); range 11 began after the first look.
    DescribeWorkflowExecutionResponse after =
        DescribeWorkflowExecutionResponse.newBuilder()
            .addPendingActivities(copying("9", 450))
            .addPendingActivities(copying("11", 50))
            .build();
    assertEquals(450, PendingTransfers.bytes(PendingTransfers.stillPending(before, after)));
  }

  private static PendingActivityInfo copying(String activityId, long written) {
    RangeResult partial = new RangeResult(2, 0, 0, 200, 0, 0, 0, List.of(), null);
    return pending("CopyRange", encoded(new RangeHeartbeat("b", partial, null, 0, null, written)))
        .toBuilder()
        .setActivityId(activityId)
        .build();
  }

  @Test
  void countsTheRangeStepsNotTheListingNorTheCleanUp() {
    DescribeWorkflowExecutionResponse.Builder describe =
        DescribeWorkflowExecutionResponse.newBuilder();
    for (String type :
        List.of(
            "CopyRange",
            "VerifyRange",
            "DeleteRange",
            "PruneRange",
            "ListRanges",
            "AbandonUploads",
            "Preflight",
            "LookAtDestination")) {
      describe.addPendingActivities(pending(type, encoded(null)));
    }
    assertEquals(4, PendingTransfers.rangeSteps(describe.build()));
  }

  @Test
  void namesTheActivitiesBeingRetriedWithTheFirstLineOfTheirLastFailure() {
    DescribeWorkflowExecutionResponse describe =
        DescribeWorkflowExecutionResponse.newBuilder()
            .addPendingActivities(pending("CopyRange", encoded(null)))
            .addPendingActivities(
                PendingActivityInfo.newBuilder()
                    .setActivityType(ActivityType.newBuilder().setName("Preflight"))
                    .setAttempt(3)
                    .setLastFailure(
                        Failure.newBuilder().setMessage("s3 a:b: list: no host\nsecond line")))
            .addPendingActivities(
                PendingActivityInfo.newBuilder()
                    .setActivityType(ActivityType.newBuilder().setName("CopyRange"))
                    .setAttempt(2)
                    .setLastFailure(
                        Failure.newBuilder()
                            .setMessage("activity Heartbeat timeout")
                            .setTimeoutFailureInfo(
                                TimeoutFailureInfo.newBuilder()
                                    .setTimeoutType(TimeoutType.TIMEOUT_TYPE_HEARTBEAT))))
            // Attempt 2 without a failure: a worker's restart, nothing to say.
            .addPendingActivities(pending("ListRanges", encoded(null)).toBuilder().setAttempt(2))
            .build();
    assertEquals(
        List.of(
            new RetryingActivity("Preflight", 3, "s3 a:b: list: no host"),
            new RetryingActivity(
                "CopyRange",
                2,
                "it stopped heartbeating for 20 s: its worker died or lost Temporal, or a store it was calling stopped answering")),
        PendingTransfers.retrying(describe));
    assertEquals(
        "Preflight, attempt 3, after: s3 a:b: list: no host",
        PendingTransfers.retrying(describe).get(0).describe());
  }

  private static PendingActivityInfo pending(String type, Payloads details) {
    return PendingActivityInfo.newBuilder()
        .setActivityType(ActivityType.newBuilder().setName(type))
        .setAttempt(1)
        .setHeartbeatDetails(details)
        .build();
  }

  private static Payloads encoded(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayloads(value).orElseThrow();
  }

  private static Payloads json(String text) {
    return Payloads.newBuilder()
        .addPayloads(
            Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8(text)))
        .build();
  }
}
