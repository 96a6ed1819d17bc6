package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.S3ProxyServer;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A file's mtime through a real S3 server and back, on each implementation of the test matrix:
 * filesystem -> S3 -> filesystem -> S3, as rclone's {@code mtime} metadata in the store, restored
 * on the files.
 */
@Timeout(180)
class S3ModTimeRoundTripTest {
  @RegisterExtension static final S3ProxyServer S3PROXY = new S3ProxyServer();
  @RegisterExtension static final VersitygwServer VERSITYGW = new VersitygwServer();
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path tmp;

  private final MigrationTestEnv env = new MigrationTestEnv();
  private S3Connection connection;

  @AfterEach
  void tearDown() {
    env.close();
    if (connection != null) {
      connection.close();
    }
  }

  static Stream<S3TestServer> servers() {
    return Stream.of(S3PROXY, VERSITYGW, MOTO);
  }

  @ParameterizedTest
  @MethodSource("servers")
  void mtimesAndBytesSurviveFilesystemToS3AndBack(S3TestServer server) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path back = tmp.resolve("back");
    Map<String, Instant> times =
        Map.of(
            "a.txt", Instant.parse("2001-02-03T04:05:06.123456789Z"),
            "dir/b.bin", Instant.parse("2001-02-03T00:00:00Z"),
            "dir/c", Instant.parse("1999-12-31T23:59:59.5Z"));
    for (Map.Entry<String, Instant> e : times.entrySet()) {
      Path file = in.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, "bytes of " + e.getKey());
      Files.setLastModifiedTime(file, FileTime.from(e.getValue()));
    }
    connection = S3Connection.create(server.profile("rt"));
    server.createBucket("first");
    server.createBucket("second");
    env.backend("file:in", FileSystemBackend.create(in));
    StorageBackend first =
        env.backend("s3:first/p", S3Backend.create(connection, "first", "p", "s3 first/p"));
    env.backend("file:back", FileSystemBackend.create(back));
    StorageBackend second =
        env.backend("s3:second/p", S3Backend.create(connection, "second", "p", "s3 second/p"));
    env.start();

    assertEquals(3, run("fs-s3", "file:in", "s3:first/p").objectsCopied());
    assertEquals(
        "981173106.123456789", first.stat("a.txt").orElseThrow().userMetadata().get("mtime"));
    assertEquals(3, run("s3-fs", "s3:first/p", "file:back").objectsCopied());
    assertEquals(3, run("fs-s3-again", "file:back", "s3:second/p").objectsCopied());
    for (Map.Entry<String, Instant> e : times.entrySet()) {
      String key = e.getKey();
      assertEquals(e.getValue(), Files.getLastModifiedTime(back.resolve(key)).toInstant(), key);
      assertArrayEquals(Files.readAllBytes(in.resolve(key)), Files.readAllBytes(back.resolve(key)));
      assertEquals(
          first.stat(key).orElseThrow().userMetadata().get("mtime"),
          second.stat(key).orElseThrow().userMetadata().get("mtime"),
          key);
    }

    // Re-runs copy nothing either way: the stores' mtime metadata matches the files.
    assertEquals(3, run("fs-s3-rerun", "file:in", "s3:first/p").objectsSkipped());
    assertEquals(3, run("s3-fs-rerun", "s3:first/p", "file:back").objectsSkipped());

    // A file changed in place, same size, new mtime: copied, and its new time travels.
    Instant later = Instant.parse("2001-02-04T00:00:00Z");
    Files.writeString(in.resolve("a.txt"), "BYTES OF a.txt");
    Files.setLastModifiedTime(in.resolve("a.txt"), FileTime.from(later));
    MigrationProgress p = run("fs-s3-changed", "file:in", "s3:first/p");
    assertEquals(1, p.objectsCopied());
    assertEquals(2, p.objectsSkipped());
    assertEquals(1, run("s3-fs-changed", "s3:first/p", "file:back").objectsCopied());
    assertEquals(later, Files.getLastModifiedTime(back.resolve("a.txt")).toInstant());
    assertEquals("BYTES OF a.txt", Files.readString(back.resolve("a.txt")));
  }

  private MigrationProgress run(String id, String from, String to) {
    MigrationProgress p = env.run(id, MigrationRequest.of(from, to)).progress();
    assertEquals(MigrationState.COMPLETED, p.state(), id);
    assertEquals(0, p.objectsFailed(), id);
    return p;
  }
}
