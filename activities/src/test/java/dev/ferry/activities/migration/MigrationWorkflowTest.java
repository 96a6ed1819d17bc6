package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whole migrations on the time-skipping test server over in-memory backends. */
class MigrationWorkflowTest {
  private MigrationTestEnv env;
  private MemoryBackend source;
  private MemoryBackend destination;

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
    source = env.backend("src:b/in", new MemoryBackend("src"));
    destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static MigrationRequest request() {
    return MigrationRequest.of("src:b/in", "dst:b/out");
  }

  @Test
  void copiesEveryObjectWithItsMetadata() {
    for (int i = 0; i < 25; i++) {
      source.putBytes(
          "dir/k" + i,
          ("value " + i).getBytes(StandardCharsets.UTF_8),
          new ObjectMetadata("text/plain", Map.of("n", "" + i)));
    }
    MigrationReport report = env.run("copy-1", request());
    MigrationProgress p = report.progress();
    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(25, p.objectsTotal());
    assertEquals(25, p.objectsCopied());
    assertEquals(0, p.objectsFailed());
    assertEquals(100.0, p.percent());
    assertNull(report.message());
    for (int i = 0; i < 25; i++) {
      assertArrayEquals(source.bytes("dir/k" + i), destination.bytes("dir/k" + i));
      assertEquals(source.metadataOf("dir/k" + i), destination.metadataOf("dir/k" + i));
    }
  }
}
