package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.workflows.MigrationProgress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --report} on the real dev server: a MOVE of 3,000 objects from S3 into a directory where
 * 150 keys cannot be written (a file stands where their directory would be), with a worker killed
 * by SIGKILL while it writes parts. The report's totals equal the counters, every failure is in it,
 * no retried activity left a second line for an object, and the bytes are checked on disk.
 */
@Order(11)
@ExtendWith(E2EExtension.class)
class ReportE2E {
  private static final DataSet DATA = new DataSet(3_000, 2 * 1024, List.of(), 20261204L);
  private static final int BLOCKED = 150;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void totalsEqualTheCountersAndEveryFailureIsListedAcrossAWorkerKill(E2EEnvironment env)
      throws IOException {
    try (Scenario s = env.scenario("report")) {
      Manifest data = s.seed(DATA);
      for (int i = 0; i < BLOCKED; i++) {
        byte[] b = ("blocked " + i).getBytes(StandardCharsets.UTF_8);
        s.source()
            .put(
                s.sourceBucket(),
                String.format("blocked/%04d", i),
                new ByteArrayInputStream(b),
                b.length);
      }
      Path out = Files.createDirectories(s.dir().resolve("out"));
      Files.writeString(out.resolve("blocked"), "a file where the blocked keys need a directory");
      Path reports = s.dir().resolve("reports");
      WorkerProcess worker = s.worker("w", "--max-activities", "4");
      String id = "e2e-report";
      s.ferry(
              "start",
              "--from",
              s.from(),
              "--to",
              out.toString(),
              "--mode",
              "move",
              "--report",
              reports.toString(),
              "--id",
              id,
              "--concurrency",
              "4")
          .ok();
      Migration m = new Migration(env, id);
      Path parts = reports.resolve(id);
      Waits.until(
          "a first report part",
          Duration.ofMinutes(2),
          Duration.ofMillis(20),
          () -> parts(parts) > 0);
      int partsAtKill = parts(parts);
      worker.kill9();
      worker.restart();

      MigrationProgress p = m.awaitReport(Duration.ofMinutes(4)).progress();
      E2EReport.line(
          "report: worker killed with %d parts written; final %s; %d parts",
          partsAtKill, p, parts(parts));
      assertEquals(BLOCKED, p.objectsFailed());
      assertEquals(data.size(), p.objectsCopied() + p.objectsSkipped());
      assertEquals(data.size(), p.objectsDeleted());

      CommandResult summary = s.ferry("report", id, "--format", "summary").ok();
      assertTrue(
          summary.stdout().contains("totals equal the progress counters"), summary.describe());

      // Counted here from the raw lines, not by ferry's reader: one line per key and step.
      Map<String, Integer> actions = new HashMap<>();
      Set<String> keySteps = new HashSet<>();
      for (String line : s.ferry("report", id).ok().stdout().split("\n")) {
        JsonNode l = JSON.readTree(line);
        String keyStep = l.get("key").asText() + " " + l.get("step").asText();
        assertTrue(keySteps.add(keyStep), "a second line for " + keyStep);
        actions.merge(l.get("step").asText() + ":" + l.get("action").asText(), 1, Integer::sum);
      }
      assertEquals(p.objectsCopied(), (long) actions.getOrDefault("copy:copied", 0));
      assertEquals(BLOCKED, (int) actions.get("copy:failed"));
      assertEquals(data.size(), (int) actions.get("verify:verified"));
      assertEquals(data.size(), (int) actions.get("delete:deleted"));

      JsonNode failures = s.ferry("failures", id, "--json").ok().json();
      assertEquals(BLOCKED, failures.get("total").asInt());
      for (JsonNode f : failures.get("failures")) {
        assertTrue(f.get("key").asText().startsWith("blocked/"), f.toString());
        assertTrue(f.get("message").asText().contains("is a file"), f.toString());
      }
      // Independently of ferry: each object's bytes are on disk, and only the blocked remain.
      for (Map.Entry<String, Manifest.Entry> e : data.entries().entrySet()) {
        assertEquals(e.getValue().size(), Files.size(out.resolve(e.getKey())), e.getKey());
      }
      assertEquals(0, s.remaining(data));
      assertEquals(BLOCKED, s.source().keys(s.sourceBucket()).size());
    }
  }

  @Test
  void aReportLocationThatCannotBeWrittenIsRefusedAndNothingMoves(E2EEnvironment env)
      throws IOException {
    try (Scenario s = env.scenario("report-refused")) {
      Manifest data = s.seed(new DataSet(5, 100, List.of(), 7L));
      Path file = Files.writeString(s.dir().resolve("not-a-directory"), "x");
      s.worker("w");

      CommandResult run =
          s.ferry("run", "--from", s.from(), "--to", s.to(), "--report", file + "/reports");

      E2EReport.line("report refused: exit %d, %s", run.exitCode(), run.stderr().strip());
      assertEquals(2, run.exitCode(), run.describe());
      List<String> problem =
          run.stderr().lines().filter(l -> l.contains("report location")).toList();
      assertEquals(1, problem.size(), run.describe());
      assertEquals(0, s.arrived(data), "objects written despite the refusal");
      assertEquals(data.size(), s.remaining(data));
    }
  }

  private static int parts(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return (int) files.filter(f -> f.toString().endsWith(".jsonl")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
