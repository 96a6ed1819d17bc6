package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
  private static final DataSet DATA = new DataSet(1_100, 2 * 1024, List.of(), 6L);
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
      JsonNode metadata = cli.json("workflow", "metadata", "-w", ID);
      String details =
          StockCliE2E.findObjectWith(metadata, "currentDetails")
              .map(n -> n.path("currentDetails").asText())
              .orElseThrow(() -> new AssertionError("no current details: " + metadata));
      String runId =
          cli.json("workflow", "describe", "-w", ID)
              .path("workflowExecutionInfo")
              .path("execution")
              .path("runId")
              .asText();
      String summary = "copy " + s.from() + " -> " + s.to();

      String url =
          "http://127.0.0.1:"
              + env.temporal().uiPort()
              + "/namespaces/default/workflows/"
              + ID
              + "/"
              + runId
              + "/history";
      Path png = env.root().resolve("ui.png");
      String firstDetail = details.split("\\|")[0].strip();
      String history;
      String metadataTab;
      try (HeadlessChromium chromium = HeadlessChromium.start(s.dir())) {
        chromium.open(url);
        history =
            chromium.awaitText(
                text -> text.contains(summary) && text.contains(firstDetail),
                Duration.ofSeconds(40));
        chromium.screenshot(png);
        metadataTab = "";
        if (!history.contains(firstDetail) && chromium.click("User Metadata")) {
          metadataTab = chromium.awaitText(t -> t.contains(firstDetail), Duration.ofSeconds(20));
          chromium.screenshot(env.root().resolve("ui-user-metadata.png"));
        }
      }
      String dom = history + "\n" + metadataTab;
      assertTrue(dom.contains(summary), "summary '" + summary + "' not on the page " + url);
      assertTrue(
          dom.contains(firstDetail),
          "current details '" + firstDetail + "' (of '" + details + "') not on the page " + url);
      assertTrue(dom.contains("inspected in the web ui"), "pause reason not on the page " + url);
      s.ferry("cancel", ID).ok();
      m.exportHistories();
      E2EReport.line(
          "scenario 6 (web UI): %s shows summary '%s' and current details '%s'; screenshot %s",
          url, summary, details, png);
    }
  }
}
