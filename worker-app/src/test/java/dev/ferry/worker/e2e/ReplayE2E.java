package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.workflows.MigrationWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 7: every history the other scenarios exported from the real server (crashes, restarts,
 * pauses, updates, cancellation, continue-as-new runs) replays against the current {@code
 * MigrationWorkflowImpl}, so a non-deterministic change fails here.
 */
@Order(7)
@ExtendWith(E2EExtension.class)
class ReplayE2E {
  @Test
  void exportedHistoriesReplay(E2EEnvironment env) throws Exception {
    List<Path> histories;
    try (Stream<Path> paths = Files.list(env.histories())) {
      histories = paths.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(!histories.isEmpty(), "too few histories to replay: " + histories);
    long events = 0;
    for (Path file : histories) {
      WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(read(file));
      events += history.getEvents().size();
      try {
        WorkflowReplayer.replayWorkflowExecution(history, MigrationWorkflowImpl.class);
      } catch (Exception | AssertionError e) {
        throw new AssertionError("replay of " + file.getFileName() + " failed: " + e, e);
      }
    }
    E2EReport.line(
        "scenario 7 (replay): %d exported histories (%d events) replayed against"
            + " MigrationWorkflowImpl",
        histories.size(), events);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
