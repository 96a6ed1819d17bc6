package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: no configured secret appears in any history exported by the other scenarios (payloads
 * decoded too), in any worker or server log, or in what the ferry client prints. Runs after the
 * other scenarios so it sees everything they produced.
 */
@Order(6)
@ExtendWith(E2EExtension.class)
class SecretsE2E {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void noSecretInHistoriesLogsOrOutput(E2EEnvironment env) throws IOException {
    List<Path> histories = files(env.histories(), ".json");
    List<Path> logs = files(env.logs(), ".log");
    assertTrue(!histories.isEmpty(), "too few histories exported to judge: " + histories);
    assertTrue(
        logs.stream().filter(p -> p.getFileName().toString().contains("-w")).count() >= 1,
        "no worker logs to judge: " + logs);
    Scenario s = env.scenario("secrets");
    String printed =
        s.ferry("status", "e2e-worker-crash", "--json").stdout()
            + s.ferry("list").stdout()
            + s.ferry("failures", "e2e-worker-crash", "--json").stdout();

    List<String> leaks = new ArrayList<>();
    for (String secret : env.secrets()) {
      for (Path history : histories) {
        if (historyText(history).contains(secret)) {
          leaks.add(history.getFileName().toString());
        }
      }
      for (Path log : logs) {
        if (Files.readString(log, StandardCharsets.ISO_8859_1).contains(secret)) {
          leaks.add(log.getFileName().toString());
        }
      }
      if (printed.contains(secret)) {
        leaks.add("ferry client output");
      }
    }
    assertTrue(leaks.isEmpty(), "a configured secret appears in: " + leaks);
    E2EReport.line(
        "scenario 5 (secrets): %d secret(s) absent from %d histories (payloads decoded), %d logs"
            + " and ferry status/list/failures output",
        env.secrets().size(), histories.size(), logs.size());
  }

  /** The history's text with every base64 payload decoded and appended. */
  private static String historyText(Path file) throws IOException {
    String raw = Files.readString(file);
    StringBuilder text = new StringBuilder(raw);
    appendDecoded(JSON.readTree(raw), text);
    return text.toString();
  }

  private static void appendDecoded(JsonNode node, StringBuilder out) {
    node.fields()
        .forEachRemaining(
            f -> {
              if (f.getKey().equals("data") && f.getValue().isTextual()) {
                try {
                  out.append('\n')
                      .append(
                          new String(
                              Base64.getDecoder().decode(f.getValue().asText()),
                              StandardCharsets.UTF_8));
                } catch (IllegalArgumentException notBase64) {
                  out.append('\n').append(f.getValue().asText());
                }
              }
            });
    for (JsonNode child : node) {
      appendDecoded(child, out);
    }
  }

  private static List<Path> files(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.list(dir)) {
      return paths.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
