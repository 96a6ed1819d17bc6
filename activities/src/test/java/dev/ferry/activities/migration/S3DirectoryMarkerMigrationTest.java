package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.Requests;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory markers (empty objects whose keys end in {@code /}) copied between two buckets of one
 * server, where ferry would copy server-side, and into a filesystem. versitygw refuses to
 * server-side copy a marker ({@code DirectoryObjectContainsData}) though it takes one put with an
 * empty body.
 */
class S3DirectoryMarkerMigrationTest {
  @RegisterExtension static final VersitygwServer VERSITYGW = new VersitygwServer();
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final List<String> KEYS = List.of("d/file", "d/sub/marker/", "marker/");

  @Test
  void versitygwCopiesMarkersWithinTheServer() {
    copiesMarkersWithin(VERSITYGW, "vgw", true);
  }

  @Test
  void motoCopiesMarkersWithinTheServer() {
    copiesMarkersWithin(MOTO, "moto", false);
  }

  /**
   * @param refusesCopyingMarkers whether the server refuses a server-side copy of a marker: the
   *     deviation, checked so that a fixed server fails this until the docs say so
   */
  private static void copiesMarkersWithin(
      S3TestServer server, String name, boolean refusesCopyingMarkers) {
    server.createBucket(name + "-markers-src");
    server.createBucket(name + "-markers-dst");
    try (MigrationTestEnv env = new MigrationTestEnv();
        S3Connection connection = S3Connection.create(server.profile("p"))) {
      S3Backend source =
          env.backend("src:b", S3Backend.create(connection, name + "-markers-src", "", "src"));
      S3Backend destination =
          env.backend("dst:b", S3Backend.create(connection, name + "-markers-dst", "", "dst"));
      for (String key : KEYS) {
        byte[] data = key.endsWith("/") ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        source.put(key, new ByteArrayInputStream(data), data.length, ObjectMetadata.EMPTY);
      }
      env.start();

      MigrationProgress p = env.run(name + "-markers", request()).progress();

      assertEquals(KEYS.size(), p.objectsCopied(), p.toString());
      assertEquals(0, p.objectsFailed(), p.toString());
      List<ObjectInfo> copied = destination.list(null, null, 100).objects();
      assertEquals(KEYS, copied.stream().map(ObjectInfo::key).toList());
      assertEquals(List.of(6L, 0L, 0L), copied.stream().map(ObjectInfo::size).toList());

      ObjectInfo marker = source.stat("marker/").orElseThrow();
      if (refusesCopyingMarkers) {
        StorageException e =
            assertThrows(
                StorageException.class,
                () -> destination.copyFrom(source, "marker/", "again/marker/", marker));
        assertTrue(e.getMessage().contains("DirectoryObjectContainsData"), e.getMessage());
      } else {
        assertEquals(0, destination.copyFrom(source, "marker/", "again/marker/", marker).size());
      }
    }
  }

  /**
   * Into a filesystem markers are no objects, as for rclone: a directory holds no bytes, and the
   * files under a marker make its directory. They are left out, not failed; a non-empty object
   * whose key ends in {@code /} is no marker, and is refused by name.
   */
  @Test
  void aFilesystemDestinationLeavesMarkersOut(@TempDir Path root) throws Exception {
    MOTO.createBucket("markers-to-fs");
    try (MigrationTestEnv env = new MigrationTestEnv();
        S3Connection connection = S3Connection.create(MOTO.profile("p"))) {
      S3Backend source =
          env.backend("src:b", S3Backend.create(connection, "markers-to-fs", "", "src"));
      env.backend("fs:" + root, FileSystemBackend.create(root));
      for (String key : KEYS) {
        byte[] data = key.endsWith("/") ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        source.put(key, new ByteArrayInputStream(data), data.length, ObjectMetadata.EMPTY);
      }
      byte[] odd = "not empty".getBytes(StandardCharsets.UTF_8);
      source.put("odd/", new ByteArrayInputStream(odd), odd.length, ObjectMetadata.EMPTY);
      env.start();

      MigrationProgress first = env.run("markers-fs-1", request("fs:" + root)).progress();
      MigrationProgress again = env.run("markers-fs-2", request("fs:" + root)).progress();

      assertEquals(List.of(2L, 1L, 0L, 1L), counts(first), first.toString());
      assertEquals(List.of(2L, 0L, 1L, 1L), counts(again), "a second run copies nothing");
      try (Stream<Path> files = Files.walk(root)) {
        assertEquals(List.of(root.resolve("d/file")), files.filter(Files::isRegularFile).toList());
      }
      assertEquals("d/file", Files.readString(root.resolve("d/file")));
    }
  }

  /** Total, copied, skipped and failed objects. */
  private static List<Long> counts(MigrationProgress p) {
    return List.of(p.objectsTotal(), p.objectsCopied(), p.objectsSkipped(), p.objectsFailed());
  }

  private static MigrationRequest request() {
    return request("dst:b");
  }

  private static MigrationRequest request(String destination) {
    return Requests.quick("src:b", destination, Mode.COPY, 10);
  }
}
