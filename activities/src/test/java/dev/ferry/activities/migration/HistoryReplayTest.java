package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.workflows.MigrationWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every recorded history under {@code src/test/resources/histories/} against the current
 * workflow code: a change that would break running migrations (non-determinism) fails the build.
 *
 * <p>Any {@code *.json} history there is picked up, so histories exported from a real server
 * ({@code temporal workflow show --workflow-id ID --output json > histories/NAME.json}) can be
 * dropped in beside the ones {@link RecordHistoriesTest} records.
 */
class HistoryReplayTest {
  static final String FOLDER = "histories";

  static List<Path> histories() throws IOException, URISyntaxException {
    URL url = HistoryReplayTest.class.getClassLoader().getResource(FOLDER);
    if (url == null) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRecordedHistoryReplays() throws IOException, URISyntaxException {
    List<Path> histories = histories();
    assertFalse(histories.isEmpty(), "no recorded histories under " + FOLDER);
    return histories.stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    p.getFileName().toString(),
                    () ->
                        WorkflowReplayer.replayWorkflowExecution(
                            Files.readString(p, StandardCharsets.UTF_8),
                            MigrationWorkflowImpl.class)));
  }
}
