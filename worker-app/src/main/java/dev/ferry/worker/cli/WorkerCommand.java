package dev.ferry.worker.cli;

import dev.ferry.worker.client.ConnectionOptions;
import dev.ferry.worker.client.Settings;
import dev.ferry.worker.client.TemporalConnector;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.common.TemporalConnection;
import dev.ferry.worker.host.MetricsServer;
import dev.ferry.worker.host.RangeMetrics;
import dev.ferry.worker.host.Role;
import dev.ferry.worker.host.WorkerHost;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.worker.WorkerFactory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry worker}: host migrations for a Temporal server until SIGTERM, then stop polling and
 * let in-flight activities finish within the grace period.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "worker",
    description = "Run a worker that hosts migrations until stopped.")
final class WorkerCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Spec CommandSpec spec;

  @Option(
      names = "--role",
      paramLabel = "all|workflows|activities",
      description = "What this worker hosts (default: all).")
  String role = "all";

  @Option(
      names = "--max-activities",
      paramLabel = "N",
      description = "Activity slots, 1..4096 (default: " + WorkerHost.DEFAULT_MAX_ACTIVITIES + ").")
  int maxActivities = WorkerHost.DEFAULT_MAX_ACTIVITIES;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Serve Prometheus metrics on http://0.0.0.0:PORT/metrics.")
  Integer metricsPort;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "SECONDS",
      description = "How long in-flight activities may finish after SIGTERM (default: 30).")
  int graceSeconds = 30;

  @Override
  public Integer call() {
    connection.validate();
    Role parsedRole = validate();
    Settings settings = Settings.resolve(connection);
    settings.requireUsableProfiles();
    PrintWriter err = spec.commandLine().getErr();
    MetricsServer metrics = metricsPort == null ? null : MetricsServer.start(metricsPort);
    TemporalConnection connection =
        TemporalConnector.connectWorker(settings, metrics == null ? null : metrics.scope());
    String identity = WorkerHost.identity();
    WorkflowClient client =
        WorkflowClient.newInstance(
            connection.stubs(),
            WorkflowClientOptions.newBuilder()
                .setNamespace(settings.namespace())
                .setIdentity(identity)
                .build());
    WorkerHost host =
        WorkerHost.start(
            WorkerFactory.newInstance(
                client,
                WorkerHost.factoryOptions().setWorkerInterceptors(new RangeMetrics()).build()),
            settings.taskQueue(),
            parsedRole,
            maxActivities,
            settings.newResolver());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  err.println(
                      "ferry worker: stopping, in-flight activities get " + graceSeconds + " s");
                  err.flush();
                  host.stop(Duration.ofSeconds(graceSeconds));
                  connection.close();
                  if (metrics != null) {
                    metrics.close();
                  }
                },
                "ferry-worker-shutdown"));
    err.println(
        "ferry worker "
            + identity
            + ": "
            + parsedRole.name().toLowerCase(Locale.ROOT)
            + " on task queue '"
            + settings.taskQueue()
            + "' at "
            + settings.target()
            + " over "
            + settings.security()
            + " (namespace '"
            + settings.namespace()
            + "')"
            + (metrics == null ? "" : ", metrics on :" + metrics.port() + "/metrics"));
    err.flush();
    host.awaitTermination();
    return ExitCode.OK;
  }

  private Role validate() {
    if (connection.embedded) {
      throw new BadInputException(
          "worker --embedded is not a thing: a worker serves an existing Temporal",
          "use ferry run --embedded, or pass --temporal HOST:PORT");
    }
    Role parsed;
    try {
      parsed = Role.valueOf(role.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "--role '" + role + "' is not one of all, workflows, activities", "pass e.g. --role all");
    }
    if (maxActivities < 1 || maxActivities > 4096) {
      throw new BadInputException(
          "--max-activities " + maxActivities + " is outside 1..4096",
          "pass e.g. --max-activities 64");
    }
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
      throw new BadInputException(
          "--metrics-port " + metricsPort + " is not a port", "pass e.g. --metrics-port 9464");
    }
    if (graceSeconds < 0) {
      throw new BadInputException(
          "--shutdown-grace " + graceSeconds + " is negative", "pass e.g. --shutdown-grace 30");
    }
    return parsed;
  }
}
