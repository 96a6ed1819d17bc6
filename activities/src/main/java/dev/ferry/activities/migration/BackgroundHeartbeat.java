package dev.ferry.activities.migration;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.function.Supplier;

/**
 * Heartbeats an activity from a daemon thread while its work makes single calls of unknown length
 * (a preflight's probe, a listing page on a slow store): the activity then has a heartbeat timeout,
 * so a dead worker's attempt moves to another worker within it, without a call that merely takes
 * long being taken for a dead worker. The heartbeats carry no details: only for activities whose
 * retries start from their input.
 */
final class BackgroundHeartbeat implements AutoCloseable {
  /** Well inside the heartbeat timeout; the SDK throttles sends further. */
  private static final long INTERVAL_MILLIS = 5_000;

  private final Thread thread;

  private BackgroundHeartbeat(Thread thread) {
    this.thread = thread;
  }

  /** Runs {@code work} in the current activity, heartbeating it meanwhile. */
  static <T> T during(Supplier<T> work) {
    BackgroundHeartbeat beating = start(Activity.getExecutionContext());
    try {
      return work.get();
    } finally {
      beating.close();
    }
  }

  /** Starts heartbeating {@code context} until {@link #close()}. */
  private static BackgroundHeartbeat start(ActivityExecutionContext context) {
    Thread thread =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  context.heartbeat(null);
                  Thread.sleep(INTERVAL_MILLIS);
                }
              } catch (InterruptedException | ActivityCompletionException e) {
                // closed, or the activity was cancelled or timed out: its own call ends it
              }
            },
            "ferry-heartbeat-" + context.getInfo().getActivityType());
    thread.setDaemon(true);
    thread.start();
    return new BackgroundHeartbeat(thread);
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
