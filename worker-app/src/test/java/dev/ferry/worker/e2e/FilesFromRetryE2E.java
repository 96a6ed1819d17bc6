package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --files-from} and {@code ferry retry} through the jar, a worker process and the dev server
 * between two S3Proxy servers: a third of the objects plus awkward keys are listed, and exactly
 * those arrive (the destination read back with its own client); listed keys not yet at the source
 * fail by name; once they are written there, {@code ferry retry} copies exactly them.
 */
@Order(11)
@ExtendWith(E2EExtension.class)
class FilesFromRetryE2E {
  private static final DataSet DATA = new DataSet(600, 8 * 1024, List.of(), 20261204L);
  private static final List<String> AWKWARD =
      List.of("awk/with space.txt", "awk/ünï 文件.txt", "awk/100%.txt", "awk/a+b=c.txt", "/leading");
  private static final List<String> LATE = List.of("late/k0", "late/k 1", "late/ü2");

  @Test
  void exactlyTheListedKeysArriveAndRetryCopiesExactlyTheFailedOnes(E2EEnvironment env) {
    try (Scenario s = env.scenario("files-from")) {
      Manifest seeded = s.seed(DATA);
      List<String> listed = new ArrayList<>();
      int i = 0;
      for (String key : seeded.entries().keySet()) {
        if (i++ % 3 == 0) {
          listed.add(key);
        }
      }
      int accepted = 0;
      for (String key : AWKWARD) {
        if (accepts(s, key)) {
          listed.add(key); // where the store accepts the key
          accepted++;
        }
      }
      Path list = write(s.dir().resolve("keys.txt"), listed, LATE);
      s.worker("w", "--max-activities", "8");
      Migration m = s.start("e2e-files-from", "--files-from", list.toString());

      MigrationReport report = m.awaitReport(Duration.ofMinutes(3));
      MigrationProgress p = report.progress();
      assertEquals(listed.size(), p.objectsCopied(), p.toString());
      assertEquals(LATE.size(), p.objectsFailed(), p.toString());
      assertEquals(listed.size() + LATE.size(), p.objectsTotal(), p.toString());
      assertExactly(s, listed);

      LATE.forEach(key -> put(s, key));
      CommandResult retry = s.ferry("retry", "e2e-files-from", "--json").ok();
      JsonNode done = retry.json();
      assertEquals("e2e-files-from-retry-1", done.get("id").asText());
      assertEquals(LATE.size(), done.get("objectsTotal").asLong(), retry.describe());
      assertEquals(LATE.size(), done.get("objectsCopied").asLong(), retry.describe());
      List<String> all = new ArrayList<>(listed);
      all.addAll(LATE);
      assertExactly(s, all);
      E2EReport.line(
          "files-from: %d of %d objects listed (%d awkward keys accepted), %d missing refused;"
              + " retry copied %d",
          listed.size(),
          seeded.size() + accepted,
          accepted,
          LATE.size(),
          done.get("objectsCopied").asLong());
    }
  }

  /** The destination holds exactly {@code keys}, each with the source's bytes. */
  private static void assertExactly(Scenario s, List<String> keys) {
    Manifest source = s.source().read(s.sourceBucket());
    Manifest destination = s.destination().read(s.destinationBucket());
    Map<String, Manifest.Entry> expected = new TreeMap<>();
    keys.forEach(k -> expected.put(k, source.entries().get(k)));
    assertEquals(expected.keySet(), destination.entries().keySet());
    List<String> differences =
        destination.differencesFrom(
            new Manifest(new TreeMap<>(expected)), Manifest.Compare.BYTES, 10);
    assertTrue(differences.isEmpty(), differences.toString());
  }

  private static void put(Scenario s, String key) {
    byte[] bytes = ("bytes of " + key).getBytes(StandardCharsets.UTF_8);
    s.source().put(s.sourceBucket(), key, new ByteArrayInputStream(bytes), bytes.length);
  }

  /** Whether the source stores {@code key} and answers for it (S3Proxy refuses a leading /). */
  private static boolean accepts(Scenario s, String key) {
    try {
      put(s, key);
      return s.source().exists(s.sourceBucket(), key);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Path write(Path file, List<String> listed, List<String> late) {
    List<String> lines = new ArrayList<>(listed);
    lines.addAll(late);
    try {
      return Files.writeString(file, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
