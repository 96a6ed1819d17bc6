package dev.ferry.activities.storage.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.testing.AzuriteServer;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations through Azurite on the time-skipping Temporal environment: filesystem -> Azure ->
 * filesystem, with bytes verified by the stored MD5 and each file's mtime carried as metadata.
 */
@Timeout(180)
class AzureMigrationTest {
  @RegisterExtension static final AzuriteServer SERVER = new AzuriteServer();

  @TempDir Path tmp;

  private final MigrationTestEnv env = new MigrationTestEnv();
  private AzureConnection connection;

  @AfterEach
  void tearDown() {
    env.close();
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void filesToAzureAndBack() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path back = tmp.resolve("back");
    Map<String, Instant> times =
        Map.of(
            "a.txt", Instant.parse("2001-02-03T04:05:06.123456789Z"),
            "dir/b.bin", Instant.parse("2001-02-03T00:00:00Z"),
            "dir/c d", Instant.parse("1999-12-31T23:59:59.5Z"));
    for (Map.Entry<String, Instant> e : times.entrySet()) {
      Path file = in.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, "bytes of " + e.getKey());
      Files.setLastModifiedTime(file, FileTime.from(e.getValue()));
    }
    connection = AzureConnection.create(SERVER.profile("az", 0));
    SERVER.createContainer("mig");
    env.backend("file:in", FileSystemBackend.create(in));
    StorageBackend azure =
        env.backend("az:mig/p", AzureBackend.create(connection, "mig", "p", "azure az:mig/p"));
    env.backend("file:back", FileSystemBackend.create(back));
    env.start();

    assertEquals(3, run("fs-az", "file:in", "az:mig/p").objectsCopied());
    assertEquals(
        "981173106.123456789", azure.stat("a.txt").orElseThrow().userMetadata().get("mtime"));
    assertEquals(3, run("az-fs", "az:mig/p", "file:back").objectsCopied());
    for (Map.Entry<String, Instant> e : times.entrySet()) {
      String key = e.getKey();
      assertEquals(e.getValue(), Files.getLastModifiedTime(back.resolve(key)).toInstant(), key);
      assertArrayEquals(Files.readAllBytes(in.resolve(key)), Files.readAllBytes(back.resolve(key)));
    }
    assertEquals(3, run("fs-az-rerun", "file:in", "az:mig/p").objectsSkipped());
    assertEquals(3, run("az-fs-rerun", "az:mig/p", "file:back").objectsSkipped());
  }

  private MigrationProgress run(String id, String from, String to) {
    MigrationProgress p = env.run(id, MigrationRequest.of(from, to)).progress();
    assertEquals(MigrationState.COMPLETED, p.state(), id);
    assertEquals(0, p.objectsFailed(), id);
    return p;
  }
}
