package dev.ferry.worker.host;

import dev.ferry.activities.storage.BackendResolver;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A ferry worker on one task queue, standalone ({@code ferry worker}) or in-process (embedded).
 *
 * <p>{@link #stop} is the graceful path: polling stops at once, in-flight activities get the grace
 * period to finish, whatever is still running after it is interrupted (Temporal retries it on
 * another worker).
 */
public final class WorkerHost {
  /** Default for {@code --max-activities}: activity slots per worker. */
  public static final int DEFAULT_MAX_ACTIVITIES = 64;

  private final WorkerFactory factory;
  private final BackendResolver resolver;

  private WorkerHost(WorkerFactory factory, BackendResolver resolver) {
    this.factory = factory;
    this.resolver = resolver;
  }

  private static final Duration DEADLOCK_DETECTION = Duration.ofSeconds(10);

  private static final Duration HEARTBEAT_THROTTLE = Duration.ofSeconds(2);

  /**
   * The SDK checks every 250 ms whether a stopping worker's executors have ended, so an idle worker
   * took 0.5-0.75 s to stop: most of the pause after an embedded run's summary line.
   */
  private static final Duration SHUTDOWN_CHECK = Duration.ofMillis(20);

  /** Options for the factory a worker host joins: those every ferry worker needs. */
  public static WorkerFactoryOptions.Builder factoryOptions() {
    return WorkerFactoryOptions.newBuilder().setShutdownCheckInterval(SHUTDOWN_CHECK);
  }

  /**
   * Registers by {@code role} on {@code taskQueue} and starts polling; the host closes {@code
   * resolver} when it stops, if it is closeable.
   */
  public static WorkerHost start(
      WorkerFactory factory,
      String taskQueue,
      Role role,
      int maxActivities,
      BackendResolver resolver) {
    Worker worker =
        factory.newWorker(
            taskQueue,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(maxActivities)
                // The 1 s default flags a workflow task as deadlocked when a loaded machine is
                // merely slow (first task, class loading, shared cores); a real deadlock still
                // shows.
                .setDefaultDeadlockDetectionTimeout(DEADLOCK_DETECTION.toMillis())
                // A cancel or pause reaches a running activity only in a heartbeat's reply; the
                // SDK's default sends one every 16 s (0.8 of the timeout), long enough for a
                // cancelled copy to finish a multi-GiB object it should have stopped.
                .setMaxHeartbeatThrottleInterval(HEARTBEAT_THROTTLE)
                .build());
    if (role.workflows()) {
      WorkerRegistration.registerWorkflows(worker);
    }
    if (role.activities()) {
      WorkerRegistration.registerActivities(worker, resolver);
    }
    factory.start();
    return new WorkerHost(factory, resolver);
  }

  /** Stops polling and waits up to {@code grace} for in-flight tasks, then interrupts them. */
  public void stop(Duration grace) {
    factory.shutdown();
    factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (resolver instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // connections of a stopping worker: nothing left to do with them
      }
    }
  }

  /** Blocks until the worker has stopped. */
  public void awaitTermination() {
    while (!factory.isTerminated()) {
      factory.awaitTermination(1, TimeUnit.SECONDS);
    }
  }

  /** The identity a ferry process shows in the Web UI: {@code ferry@host:pid}. */
  public static String identity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return "ferry@" + host + ":" + ProcessHandle.current().pid();
  }
}
