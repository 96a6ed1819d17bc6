package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.config.ConfigBackendResolver;
import dev.ferry.activities.config.FerryConfig;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.testing.AzuriteServer;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.Requests;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that lists out of ferry's key order: Azurite orders names by UTF-16 units, so a key
 * holding a character from U+E000 to U+FFFF comes after one beyond U+FFFF at the same position,
 * where UTF-8 order (the filesystem's listing, S3's) puts it before. Merged by key order alone, a
 * sync took two of these keys for objects the source lacks and deleted their files on every second
 * run; a move kept their verified sources as if the copies had changed. Read back with java.nio.
 */
class OutOfOrderListingMigrationTest {
  @RegisterExtension static final AzuriteServer AZURITE = new AzuriteServer();

  private static final List<String> KEYS =
      List.of("a~.txt", "a\u00e9.txt", "a\uE000.txt", "a\uFF01.txt", "a\uD83D\uDE00.txt", "b.txt");

  @Test
  void aSyncKeepsEveryObjectTheSourceHolds(@TempDir Path root) throws IOException {
    try (MigrationTestEnv env = new MigrationTestEnv();
        ConfigBackendResolver azure = azure()) {
      fill(env, azure, "order-sync");
      env.backend("fs:" + root, FileSystemBackend.create(root));
      env.start();

      MigrationProgress first = env.run("order-sync-1", request(Mode.SYNC, root)).progress();
      MigrationProgress second = env.run("order-sync-2", request(Mode.SYNC, root)).progress();
      MigrationProgress third = env.run("order-sync-3", request(Mode.SYNC, root)).progress();

      assertEquals(List.of(6L, 0L, 0L), counts(first), first.toString());
      assertEquals(List.of(0L, 6L, 0L), counts(second), "nothing to do: " + second);
      assertEquals(List.of(0L, 6L, 0L), counts(third), third.toString());
      assertEquals(expectedFiles(), files(root));
    }
  }

  @Test
  void aMoveDeletesEverySourceWhoseCopyIsThere(@TempDir Path root) throws IOException {
    try (MigrationTestEnv env = new MigrationTestEnv();
        ConfigBackendResolver azure = azure()) {
      StorageBackend source = fill(env, azure, "order-move");
      env.backend("fs:" + root, FileSystemBackend.create(root));
      env.start();
      env.run("order-copy", request(Mode.COPY, root)); // the copies are there before the move

      MigrationProgress moved = env.run("order-move", request(Mode.MOVE, root)).progress();

      assertEquals(0, moved.objectsFailed(), moved.toString());
      assertEquals(6, moved.objectsDeleted(), moved.toString());
      assertEquals(List.of(), source.list(null, null, 100).objects());
      assertEquals(expectedFiles(), files(root));
    }
  }

  private static ConfigBackendResolver azure() {
    return new ConfigBackendResolver(new FerryConfig(null, Map.of("az", AZURITE.profile("az", 0))));
  }

  private static StorageBackend fill(
      MigrationTestEnv env, ConfigBackendResolver azure, String container) {
    AZURITE.createContainer(container);
    StorageBackend source = env.backend("az:" + container, azure.open("az:" + container));
    for (String key : KEYS) {
      byte[] data = key.getBytes(StandardCharsets.UTF_8);
      source.put(key, new ByteArrayInputStream(data), data.length, ObjectMetadata.EMPTY);
    }
    return source;
  }

  private static MigrationRequest request(Mode mode, Path root) {
    String from = mode == Mode.SYNC ? "az:order-sync" : "az:order-move";
    MigrationRequest r = Requests.quick(from, "fs:" + root, mode, 100);
    return mode == Mode.SYNC ? r.withPasses("100%", false, null) : r;
  }

  /** Copied, skipped and deleted objects. */
  private static List<Long> counts(MigrationProgress p) {
    return List.of(p.objectsCopied(), p.objectsSkipped(), p.objectsDeleted());
  }

  private static Map<String, String> expectedFiles() {
    Map<String, String> files = new TreeMap<>();
    KEYS.forEach(key -> files.put(key, key));
    return files;
  }

  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(f).toString(), Files.readString(f));
      }
    }
    return files;
  }
}
