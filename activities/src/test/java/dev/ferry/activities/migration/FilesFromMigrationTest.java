package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.RawS3;
import dev.ferry.activities.testing.Requests;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --files-from} between real S3 servers (moto): exactly the listed keys arrive, awkward ones
 * included, nothing else does (and a MOVE deletes nothing else), and a listed key the source lacks
 * fails by name while the rest go on. The destination is read back with plain HTTP requests,
 * independently of ferry's S3 code.
 */
class FilesFromMigrationTest {
  @RegisterExtension static final MotoServer SOURCE = new MotoServer();
  @RegisterExtension static final MotoServer DESTINATION = new MotoServer();

  private static final List<String> LISTED =
      List.of(
          "with space.txt",
          "ünïcödé/naïve 文件.txt",
          "100%.txt",
          "a+b=c.txt",
          "/leading-slash",
          "deep/er/k7",
          "deep/k3",
          "z-last");

  private static final String GONE = "deep/gone.txt";

  private static int runs;

  private final MigrationTestEnv env = new MigrationTestEnv();
  private final List<S3Connection> connections = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void tearDown() {
    env.close();
    connections.forEach(S3Connection::close);
  }

  private void register(String location, S3TestServer server, String bucket) {
    S3Connection c = S3Connection.create(server.profile("p"));
    connections.add(c);
    env.backend(location, S3Backend.create(c, bucket, "", "s3 " + location));
  }

  @Test
  void aListedKeyThatIsNoRegularFileSaysWhatItIs() throws Exception {
    Path src = Files.createDirectories(dir.resolve("files"));
    Files.writeString(src.resolve("a.txt"), "a");
    Files.createDirectories(src.resolve("sub"));
    Files.writeString(src.resolve("sub/b.txt"), "b");
    Files.createSymbolicLink(src.resolve("link"), src.resolve("a.txt"));
    assertEquals(0, new ProcessBuilder("mkfifo", src.resolve("pipe").toString()).start().waitFor());
    TreeSet<String> list = new TreeSet<>(KeyOrder.COMPARATOR);
    list.addAll(List.of("a.txt", "link", "missing", "pipe", "sub"));
    Path keyList = dir.resolve("special.jsonl");
    KeyList.write(keyList, list);
    env.backend("files:in", FileSystemBackend.create(src));
    env.backend("files:out", FileSystemBackend.create(dir.resolve("out")));
    env.start();

    MigrationProgress p =
        env.run(
                "special",
                Requests.quick("files:in", "files:out", Mode.COPY, 2)
                    .withFilesFrom(keyList.toString()))
            .progress();

    assertEquals(1, p.objectsCopied(), p.toString());
    Map<String, String> why = new TreeMap<>();
    env.stub("special").failures(0, 10).failures().forEach(f -> why.put(f.key(), f.message()));
    String notAFile = " at the source, not a regular file (only regular files are copied)";
    assertEquals(
        Map.of(
            "link", "is a symlink" + notAFile,
            "missing", "not found at the source",
            "pipe", "is a FIFO, socket or device" + notAFile,
            "sub", "is a directory" + notAFile),
        why);
  }

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"COPY", "MOVE"})
  void movesExactlyTheListedKeysAndRefusesTheMissingOneByName(Mode mode) {
    runs++;
    String src = "ff-src-" + runs;
    String dst = "ff-dst-" + runs;
    RawS3 source = new RawS3(SOURCE.endpoint());
    RawS3 destination = new RawS3(DESTINATION.endpoint());
    source.createBucket(src);
    destination.createBucket(dst);
    for (String key : LISTED) {
      source.put(src, key, "bytes of " + key);
    }
    // Neighbours in key order of every listed key, which a range listing would take along.
    List<String> unlisted =
        List.of("deep/k4", "deep/er/k6", "with space.txu", "a", "zz", "100%.tx");
    for (String key : unlisted) {
      source.put(src, key, "not listed");
    }
    TreeSet<String> list = new TreeSet<>(KeyOrder.COMPARATOR);
    list.addAll(LISTED);
    list.add(GONE);
    Path keyList = dir.resolve("keys.jsonl");
    KeyList.write(keyList, list);
    register("src:" + src, SOURCE, src);
    register("dst:" + dst, DESTINATION, dst);
    env.start();

    MigrationRequest request =
        Requests.quick("src:" + src, "dst:" + dst, mode, 2).withFilesFrom(keyList.toString());
    MigrationProgress p = env.run("files-from", request).progress();

    assertEquals(LISTED.size(), p.objectsCopied(), p.toString());
    assertEquals(mode == Mode.MOVE ? LISTED.size() : 0, p.objectsDeleted(), p.toString());
    assertEquals(1, p.objectsFailed(), p.toString());
    assertEquals(LISTED.size() + 1, p.objectsTotal(), p.toString());
    List<String> expected = new ArrayList<>(LISTED);
    expected.sort(KeyOrder.COMPARATOR);
    assertEquals(expected, destination.keys(dst));
    Map<String, String> etags = destination.etags(dst);
    for (String key : LISTED) {
      byte[] bytes = ("bytes of " + key).getBytes(StandardCharsets.UTF_8);
      assertEquals(DigestingInputStream.md5Hex(bytes, bytes.length), etags.get(key), key);
    }
    List<String> left = new ArrayList<>(unlisted);
    if (mode == Mode.COPY) {
      left.addAll(LISTED);
    }
    left.sort(KeyOrder.COMPARATOR);
    assertEquals(left, source.keys(src));
    List<ObjectFailure> failures = env.stub("files-from").failures(0, 10).failures();
    assertEquals(1, failures.size(), failures.toString());
    assertEquals(GONE, failures.get(0).key());
    assertEquals(FerryFailures.REASON_NOT_FOUND, failures.get(0).reason());
    assertEquals("not found at the source", failures.get(0).message());
  }
}
