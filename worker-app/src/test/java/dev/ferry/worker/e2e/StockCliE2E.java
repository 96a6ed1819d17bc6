package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: an operator steers a running MOVE with nothing but the stock {@code temporal} CLI:
 * pause (nothing moves while paused), query, list by {@code FerryState}, setConcurrency through an
 * update (out-of-range values refused), resume, cancel. After the cancel nothing is lost: every
 * object is still at the source or, byte-identical, at the destination.
 */
@Order(4)
@ExtendWith(E2EExtension.class)
class StockCliE2E {
  // Enough ranges that the pause lands before the last one starts, however fast copies run.
  private static final DataSet DATA = new DataSet(4_100, 2 * 1024, List.of(), 4L);
  private static final String ID = "e2e-stock-cli";

  @Test
  void stockTemporalCliSteersAMigration(E2EEnvironment env) {
    try (Scenario s = env.scenario("steer")) {
      Manifest source = s.seed(DATA);
      s.worker("w", "--max-activities", "2");
      TemporalCli cli = env.temporal().cli();
      Migration m = s.start(ID, "--mode", "move", "--concurrency", "1");
      Waits.until(
          "the first objects to arrive",
          Duration.ofMinutes(1),
          Duration.ofMillis(100),
          () -> s.arrived(source) > 0);

      cli.run("workflow", "signal", "-w", ID, "--name", "pause", "--input", "\"stock cli\"").ok();
      // A paused migration starts nothing new; what is running finishes. Settled means: state
      // PAUSED and no activity pending on the server (describe, independent of ferry's counters).
      JsonNode paused =
          awaitQueried(
              cli, "PAUSED", Duration.ofMinutes(1), p -> "PAUSED".equals(p.path("state").asText()));
      Waits.until(
          "no pending activity while paused (temporal workflow describe)",
          Duration.ofMinutes(3),
          Duration.ofMillis(500),
          () -> cli.json("workflow", "describe", "-w", ID).path("pendingActivities").isEmpty());
      paused = progress(cli).orElseThrow();
      int destinationWhenPaused = s.arrived(source);
      int sourceWhenPaused = s.remaining(source);
      assertTrue(sourceWhenPaused > 0, "the MOVE finished before it could be paused: " + paused);
      Waits.sleep(Duration.ofSeconds(4));
      JsonNode stillPaused = progress(cli).orElseThrow();
      assertEquals("PAUSED", stillPaused.path("state").asText(), "state after 4 s: " + stillPaused);
      assertEquals(
          paused.path("objectsCopied").asLong(),
          stillPaused.path("objectsCopied").asLong(),
          "objectsCopied moved while paused");
      assertEquals(
          destinationWhenPaused,
          s.arrived(source),
          "objects arrived at the destination while paused");
      assertEquals(sourceWhenPaused, s.remaining(source), "objects left the source while paused");

      List<String> listed = new ArrayList<>();
      Waits.until(
          "temporal workflow list --query FerryState=\"PAUSED\" to show " + ID,
          Duration.ofSeconds(30),
          Duration.ofMillis(500),
          () -> {
            listed.clear();
            cli.json("workflow", "list", "--query", "FerryState=\"PAUSED\"")
                .forEach(w -> listed.add(w.path("execution").path("workflowId").asText()));
            return listed.contains(ID);
          });

      CommandResult refused =
          cli.run(
              "workflow",
              "update",
              "execute",
              "-w",
              ID,
              "--name",
              "setConcurrency",
              "--input",
              "0");
      assertNotEquals(0, refused.exitCode(), "setConcurrency 0 accepted: " + refused.describe());
      CommandResult updated =
          cli.run(
                  "workflow",
                  "update",
                  "execute",
                  "-w",
                  ID,
                  "--name",
                  "setConcurrency",
                  "--input",
                  "6")
              .ok();
      assertTrue(updated.stdout().contains("6"), "update result: " + updated.describe());
      assertEquals(6, progress(cli).orElseThrow().path("maxConcurrency").asInt(), "maxConcurrency");

      cli.run("workflow", "signal", "-w", ID, "--name", "resume").ok();
      awaitQueried(
          cli,
          "RUNNING again",
          Duration.ofMinutes(1),
          p -> "RUNNING".equals(p.path("state").asText()));
      Waits.until(
          "objects to move again after resume",
          Duration.ofMinutes(1),
          Duration.ofMillis(100),
          () -> s.arrived(source) > destinationWhenPaused);

      cli.run("workflow", "cancel", "-w", ID).ok();
      JsonNode described =
          awaitDescribed(cli, d -> !status(d).equals("WORKFLOW_EXECUTION_STATUS_RUNNING"));
      assertEquals("WORKFLOW_EXECUTION_STATUS_CANCELED", status(described), "status after cancel");

      Manifest atSource = s.source().read(s.sourceBucket());
      Manifest atDestination = s.destination().read(s.destinationBucket());
      List<String> lost = new ArrayList<>();
      source
          .entries()
          .forEach(
              (key, entry) -> {
                Manifest.Entry src = atSource.entries().get(key);
                Manifest.Entry dst = atDestination.entries().get(key);
                boolean safe =
                    (src != null && src.sha256().equals(entry.sha256()))
                        || (dst != null && dst.sha256().equals(entry.sha256()));
                if (!safe) {
                  lost.add(key);
                }
              });
      assertTrue(lost.isEmpty(), "objects lost by the cancelled MOVE: " + lost);
      m.exportHistories();
      E2EReport.line(
          "scenario 4 (stock CLI): %d objects; paused with %d at the destination (unchanged after"
              + " 4 s; the progress query still said inFlight=%d), listed by FerryState,"
              + " setConcurrency 0 refused and 6 applied, resumed, cancelled with %d at the source"
              + " and %d at the destination, none lost",
          source.size(),
          destinationWhenPaused,
          paused.path("inFlight").asInt(),
          atSource.size(),
          atDestination.size());
    }
  }

  private static JsonNode awaitQueried(
      TemporalCli cli,
      String what,
      Duration timeout,
      java.util.function.Predicate<JsonNode> condition) {
    JsonNode[] seen = new JsonNode[1];
    Waits.until(
        "temporal workflow query --name progress: " + what,
        timeout,
        Duration.ofMillis(300),
        () -> {
          Optional<JsonNode> p = progress(cli);
          p.ifPresent(v -> seen[0] = v);
          return p.isPresent() && condition.test(p.get());
        });
    return seen[0];
  }

  /** {@code temporal workflow query --name progress}: the MigrationProgress object it printed. */
  static Optional<JsonNode> progress(TemporalCli cli) {
    CommandResult r = cli.run("workflow", "query", "-w", ID, "--name", "progress", "-o", "json");
    if (r.exitCode() != 0) {
      return Optional.empty();
    }
    return findObjectWith(r.json(), "objectsCopied");
  }

  private static JsonNode awaitDescribed(
      TemporalCli cli, java.util.function.Predicate<JsonNode> condition) {
    JsonNode[] seen = new JsonNode[1];
    Waits.until(
        "the cancelled workflow to close",
        Duration.ofMinutes(2),
        Duration.ofMillis(500),
        () -> {
          seen[0] = cli.json("workflow", "describe", "-w", ID);
          return condition.test(seen[0]);
        });
    return seen[0];
  }

  private static String status(JsonNode describe) {
    return describe.path("workflowExecutionInfo").path("status").asText();
  }

  /** The first JSON object in {@code node} (depth first) that has the field {@code name}. */
  static Optional<JsonNode> findObjectWith(JsonNode node, String name) {
    if (node.isObject() && node.has(name)) {
      return Optional.of(node);
    }
    for (JsonNode child : node) {
      Optional<JsonNode> found = findObjectWith(child, name);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
