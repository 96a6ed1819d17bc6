package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationActivityOptionsTest {
  @Test
  void retriesFollowTheRequest() {
    MigrationRequest r =
        new MigrationRequest(
            "a:b",
            "c:d",
            Mode.COPY,
            4,
            null,
            3,
            Duration.ofMillis(500),
            null,
            null,
            null,
            false,
            10,
            100,
            false);
    RetryOptions retry = MigrationActivityOptions.retryOptions(r);
    assertEquals(Duration.ofMillis(500), retry.getInitialInterval());
    assertEquals(2.0, retry.getBackoffCoefficient());
    assertEquals(4, retry.getMaximumAttempts());
    assertEquals(
        List.of(
            FerryFailures.PREFLIGHT_REFUSED,
            FerryFailures.INVALID_REQUEST,
            FerryFailures.PERMANENT_STORAGE),
        List.of(retry.getDoNotRetry()));
  }

  @Test
  void rangeActivitiesHeartbeatWithinThirtySeconds() {
    ActivityOptions o =
        MigrationActivityOptions.range(MigrationRequest.of("a:b", "c:d"), "copy 1 object, 1 B");
    assertTrue(o.getHeartbeatTimeout().compareTo(Duration.ofSeconds(30)) <= 0);
    assertEquals("copy 1 object, 1 B", o.getSummary());
    assertEquals(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED, o.getCancellationType());
    assertEquals(6, o.getRetryOptions().getMaximumAttempts());
  }
}
