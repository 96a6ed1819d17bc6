package dev.ferry.worker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowTargetOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A running migration seen from outside: the {@code progress} query and describe through the SDK,
 * the result, and its histories exported with the stock CLI.
 */
final class Migration {
  private final E2EEnvironment env;
  private final String id;

  Migration(E2EEnvironment env, String id) {
    this.env = env;
    this.id = id;
  }

  String id() {
    return id;
  }

  /** The {@code progress} query of the latest run; empty while no worker answers queries. */
  Optional<MigrationProgress> progress() {
    try {
      return Optional.of(stub().query("progress", MigrationProgress.class));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Waits until the progress query satisfies {@code condition}; returns that snapshot. */
  MigrationProgress awaitProgress(
      String what, Duration timeout, java.util.function.Predicate<MigrationProgress> condition) {
    MigrationProgress[] seen = new MigrationProgress[1];
    try {
      Waits.until(
          what,
          timeout,
          Duration.ofMillis(250),
          () -> {
            Optional<MigrationProgress> p = progress();
            p.ifPresent(v -> seen[0] = v);
            return p.isPresent() && condition.test(p.get());
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last progress of " + id + ": " + seen[0], e);
    }
    return seen[0];
  }

  /** Describe of the latest run. */
  DescribeWorkflowExecutionResponse describe() {
    return env.client()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(E2EEnvironment.NAMESPACE)
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                .build());
  }

  WorkflowExecutionStatus status() {
    return describe().getWorkflowExecutionInfo().getStatus();
  }

  /** Pending activities of the latest run. */
  List<PendingActivityInfo> pendingActivities() {
    return describe().getPendingActivitiesList();
  }

  /** The heartbeat details of a pending activity as text (JSON payloads). */
  static String heartbeatText(PendingActivityInfo activity) {
    return activity.getHeartbeatDetails().getPayloadsList().stream()
        .map(Payload::getData)
        .map(d -> d.toStringUtf8())
        .collect(Collectors.joining(" "));
  }

  /** Waits for the migration (following continue-as-new) to end and returns its report. */
  MigrationReport awaitReport(Duration timeout) {
    try {
      return stub().getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, MigrationReport.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "migration " + id + " did not end within " + timeout + "; last " + progress(), e);
    }
  }

  /**
   * Exports every run of this workflow id with {@code temporal workflow show --output json} (raw
   * payloads, the form {@code WorkflowExecutionHistory.fromJson} reads) into the histories
   * directory, one file per run; returns the files.
   */
  List<Path> exportHistories() {
    TemporalCli cli = env.temporal().cli();
    JsonNode runs = cli.json("workflow", "list", "--query", "WorkflowId='" + id + "'");
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(env.histories());
      for (JsonNode run : runs) {
        String runId = run.path("execution").path("runId").asText();
        String history =
            cli.run(
                    "workflow",
                    "show",
                    "--workflow-id",
                    id,
                    "--run-id",
                    runId,
                    "--output",
                    "json",
                    "--no-json-shorthand-payloads")
                .ok()
                .stdout();
        Path file = env.histories().resolve(id + "_" + runId + ".json");
        Files.writeString(file, history);
        files.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (files.isEmpty()) {
      throw new AssertionError("temporal workflow list found no run of " + id + ": " + runs);
    }
    return files;
  }

  private WorkflowStub stub() {
    return env.client()
        .newUntypedWorkflowStub(WorkflowTargetOptions.newBuilder().setWorkflowId(id).build());
  }
}
