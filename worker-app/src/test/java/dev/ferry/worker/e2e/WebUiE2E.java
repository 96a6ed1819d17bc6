package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 6: the migration is readable in the Temporal Web UI without opening payloads. Headless
 * Chromium opens the workflow's page on the dev server's UI port while the migration is paused
 * (paused with {@code ferry pause}); the workflow summary and the current details are in the
 * rendered page, and a screenshot stays under {@code target/e2e}.
 */
@Order(5)
@ExtendWith(E2EExtension.class)
class WebUiE2E {
  // Enough ranges that the pause lands before the last one starts, however fast copies run.
  private static final DataSet DATA = new DataSet(4_100, 2 * 1024, List.of(), 6L);
  private static final String ID = "e2e-web-ui";

  @Test
  void webUiShowsSummaryAndCurrentDetails(E2EEnvironment env) {
    try (Scenario s = env.scenario("webui")) {
      s.seed(DATA);
      s.worker("w", "--max-activities", "2");
      Migration m = s.start(ID, "--mode", "copy", "--concurrency", "1");
      m.awaitProgress("listing to start", Duration.ofMinutes(1), p -> p.objectsTotal() > 0);
      s.ferry("pause", ID, "--reason", "inspected in the web ui").ok();
      m.awaitProgress("PAUSED", Duration.ofMinutes(1), p -> p.state().name().equals("PAUSED"));

      TemporalCli cli = env.temporal().cli();
      String runId =
          cli.json("workflow", "describe", "-w", ID)
              .path("workflowExecutionInfo")
              .path("execution")
              .path("runId")
              .asText();
      String summary = "copy " + s.from() + " -> " + s.to();
      // The details move while the in-flight range drains; their state and pause reason do not.
      String reason = "paused: inspected in the web ui";
      Predicate<String> showsDetails = t -> t.contains("PAUSED") && t.contains(reason);
      String details = currentDetails(cli);
      assertTrue(showsDetails.test(details), "temporal workflow metadata: " + details);

      String url =
          "http://127.0.0.1:"
              + env.temporal().uiPort()
              + "/namespaces/default/workflows/"
              + ID
              + "/"
              + runId
              + "/history";
      Path png = env.root().resolve("ui.png");
      String history;
      String metadataTab;
      try (HeadlessChromium chromium = HeadlessChromium.start(s.dir())) {
        chromium.open(url);
        history = chromium.awaitText(t -> t.contains(summary), Duration.ofSeconds(40));
        chromium.screenshot(env.root().resolve("ui-history.png"));
        assertTrue(chromium.click("User Metadata"), "no User Metadata tab on " + url);
        metadataTab =
            chromium.awaitText(
                t -> t.contains(summary) && showsDetails.test(t), Duration.ofSeconds(30));
        chromium.screenshot(png);
      }
      assertTrue(history.contains(summary), "summary '" + summary + "' not on the page " + url);
      assertTrue(
          metadataTab.contains(summary) && showsDetails.test(metadataTab),
          "summary or current details ('"
              + details
              + "') not in the User Metadata tab of "
              + url
              + ":\n"
              + metadataTab);
      s.ferry("cancel", ID).ok();
      m.exportHistories();
      E2EReport.line(
          "scenario 6 (web UI): %s shows summary '%s' and current details '%s'; screenshots %s,"
              + " ui-history.png",
          url, summary, details, png);
    }
  }

  /** The current details, as {@code temporal workflow metadata} reads them from the worker. */
  private static String currentDetails(TemporalCli cli) {
    JsonNode metadata = cli.json("workflow", "metadata", "-w", ID);
    return StockCliE2E.findObjectWith(metadata, "currentDetails")
        .map(n -> n.path("currentDetails").asText())
        .orElseThrow(() -> new AssertionError("no current details: " + metadata));
  }
}
