package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.worker.common.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ferry backends}: every registered type with its options, without config or Temporal. */
class BackendsCommandTest {
  @Test
  void listsEachTypeWithItsOptions() {
    CliRun run = CliRun.of("backends");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    String out = run.out();
    for (String type : List.of("s3: ", "azure: ", "gcs: ", "file: ", "synthetic: ", "discard: ")) {
      assertTrue(out.contains("\n" + type) || out.startsWith(type), type + " in\n" + out);
    }
    // Names are padded to the longest of their type, so the columns move as options are added.
    assertTrue(Pattern.compile("\n  endpoint +the store's URL").matcher(out).find(), out);
    assertTrue(out.contains("[required]"), out);
    assertTrue(
        Pattern.compile("\n  secretKey +secret key, e.g. \\$\\{SRC_SECRET_KEY} \\[secret")
            .matcher(out)
            .find(),
        out);
    assertTrue(out.contains("[default 8MiB]"), out);
    assertTrue(out.contains("[default auto]"), out);
  }

  @Test
  void jsonIsOneObjectWithEveryType() throws Exception {
    CliRun run = CliRun.of("backends", "--json");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    List<String> types = new ArrayList<>();
    json.get("backends").forEach(t -> types.add(t.get("type").asText()));
    assertEquals(List.of("s3", "azure", "gcs", "file", "synthetic", "discard"), types);
    JsonNode s3 = json.get("backends").get(0);
    assertEquals("container", s3.get("locations").asText());
    JsonNode listing = s3.get("options").get(5);
    assertEquals("listing", listing.get("name").asText());
    assertEquals("auto", listing.get("default").asText());
    assertEquals(3, listing.get("choices").size());
    assertTrue(s3.get("options").get(3).get("secret").asBoolean());
    assertEquals(1, run.out().strip().lines().count());
  }
}
