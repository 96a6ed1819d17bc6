package dev.ferry.workflows;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Every {@link ActivityOptions} and {@link RetryOptions} of a migration, built in one place with a
 * reason for each timeout.
 */
public final class MigrationActivityOptions {
  /**
   * A worker that stops heartbeating for this long is presumed dead and the activity is retried
   * elsewhere: the design promises a move within about 30 s. Activities heartbeat at least every
   * few seconds, and the SDK throttles sends to 80 % of this value.
   */
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);

  /**
   * Preflight stats and lists one page on each side and writes one probe object: two minutes cover
   * a slow store without letting a hung endpoint stall the start. It heartbeats from a thread of
   * its own, so a dead worker's preflight moves within the heartbeat timeout, as every activity's
   * does.
   */
  static final Duration PREFLIGHT_START_TO_CLOSE = Duration.ofMinutes(2);

  /**
   * A listing call pages through a bounded number of keys (a few ranges' worth) and heartbeats
   * between pages, so half an hour only bounds a pathological store.
   */
  static final Duration LISTING_START_TO_CLOSE = Duration.ofMinutes(30);

  /**
   * A range may be one 5 TB object on a slow link; liveness comes from the heartbeat timeout, so
   * the start-to-close bound is deliberately generous.
   */
  static final Duration RANGE_START_TO_CLOSE = Duration.ofHours(24);

  /**
   * Dropping a paused range's unfinished upload is one abort call; a cancelled migration waits for
   * it, so a minute bounds a store that does not answer.
   */
  static final Duration ABANDON_START_TO_CLOSE = Duration.ofMinutes(1);

  /** Retries wait at most this multiple of the initial interval. */
  static final int MAX_INTERVAL_FACTOR = 100;

  private MigrationActivityOptions() {}

  /**
   * Retries of every activity: the request's initial interval, coefficient 2, {@code maxRetries +
   * 1} attempts in all, and no retry for the permanent failure types.
   */
  public static RetryOptions retryOptions(MigrationRequest request) {
    Duration initial = request.initialRetryInterval();
    return RetryOptions.newBuilder()
        .setInitialInterval(initial)
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(initial.multipliedBy(MAX_INTERVAL_FACTOR))
        .setMaximumAttempts(request.maxRetries() + 1)
        .setDoNotRetry(FerryFailures.NON_RETRYABLE.toArray(new String[0]))
        .build();
  }

  /** Options of {@code Preflight}. */
  public static ActivityOptions preflight(MigrationRequest request, String summary) {
    return base(request, summary)
        .setStartToCloseTimeout(PREFLIGHT_START_TO_CLOSE)
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .build();
  }

  /** Options of {@code ListRanges}. */
  public static ActivityOptions listing(MigrationRequest request, String summary) {
    return base(request, summary)
        .setStartToCloseTimeout(LISTING_START_TO_CLOSE)
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .build();
  }

  /** Options of {@code CopyRange}, {@code VerifyRange} and {@code DeleteRange}. */
  public static ActivityOptions range(MigrationRequest request, String summary) {
    return base(request, summary)
        .setStartToCloseTimeout(RANGE_START_TO_CLOSE)
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .build();
  }

  /**
   * Options of {@code AbandonUploads}: three quick attempts, as it is best effort (an upload left
   * behind is listed by {@code ferry uploads}), and the cancel that runs it should end soon.
   */
  static ActivityOptions abandonUploads(String summary) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(ABANDON_START_TO_CLOSE)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumAttempts(3)
                .build())
        .setSummary(summary)
        .build();
  }

  private static ActivityOptions.Builder base(MigrationRequest request, String summary) {
    // Cancellation waits for the activity to acknowledge, so a cancelled migration reports
    // CANCELLED only once nothing of it still writes or deletes.
    return ActivityOptions.newBuilder()
        .setRetryOptions(retryOptions(request))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setSummary(summary);
  }
}
