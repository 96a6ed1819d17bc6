package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.config.ConfigBackendResolver;
import dev.ferry.activities.config.FerryConfig;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.storage.s3.S3Type;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.RawS3;
import dev.ferry.activities.testing.Requests;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --mode sync} between real stores, with keys a user has and ranges of two objects: every
 * destination object the source lacks (before, between and after the source's keys) is deleted, the
 * rest copied exactly, and nothing outside the destination prefix is touched. Read back
 * independently of ferry: plain HTTP for moto, java.nio for the filesystem.
 */
class S3SyncMigrationTest {
  @RegisterExtension static final MotoServer SOURCE = new MotoServer();
  @RegisterExtension static final MotoServer DESTINATION = new MotoServer();

  private static final Map<String, String> SOURCE_OBJECTS =
      new TreeMap<>(
          Map.of(
              "b with space.txt", "space",
              "c+plus%percent", "plus and percent",
              "d/\u00e9t\u00e9.txt", "unicode",
              "d/nested/deep.bin", "deep",
              "m", "middle"));

  /** The destination's own: none at the source, so a sync deletes them. */
  private static final List<String> EXTRAS =
      List.of("a first", "c+plus%percent.old", "d/z\u00fcrich", "n/after/1", "zz last");

  private static int runs;

  private MigrationTestEnv env;
  private final List<S3Connection> connections = new ArrayList<>();
  private String src;
  private String dst;

  @BeforeEach
  void setUp() {
    runs++;
    src = "sync-src-" + runs;
    dst = "sync-dst-" + runs;
    env = new MigrationTestEnv();
  }

  @AfterEach
  void tearDown() {
    env.close();
    connections.forEach(S3Connection::close);
  }

  private void register(String location, MotoServer server, String bucket, String prefix) {
    S3Connection c = S3Connection.create(server.profile("p"));
    connections.add(c);
    env.backend(location, S3Backend.create(c, bucket, prefix, "s3 " + location));
  }

  private static MigrationRequest sync(String from, String to) {
    return Requests.quick(from, to, Mode.SYNC, 2).withPasses("100%", false, null);
  }

  private static String md5(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return DigestingInputStream.md5Hex(bytes, bytes.length);
  }

  @Test
  void s3ToS3DeletesExactlyWhatTheSourceLacksUnderThePrefix() {
    RawS3 source = new RawS3(SOURCE.endpoint());
    RawS3 destination = new RawS3(DESTINATION.endpoint());
    source.createBucket(src);
    destination.createBucket(dst);
    SOURCE_OBJECTS.forEach((key, text) -> source.put(src, key, text));
    destination.put(dst, "out/m", "stale middle");
    EXTRAS.forEach(key -> destination.put(dst, "out/" + key, "extra"));
    destination.put(dst, "outside/keep", "not under the prefix");
    destination.put(dst, "out", "the prefix's own name, not under it");
    register("src:" + src, SOURCE, src, "");
    register("dst:" + dst + "/out", DESTINATION, dst, "out/");
    env.start();

    MigrationProgress p = env.run("s3-sync", sync("src:" + src, "dst:" + dst + "/out")).progress();

    assertEquals(SOURCE_OBJECTS.size(), p.objectsCopied(), p.toString());
    assertEquals(EXTRAS.size(), p.objectsDeleted(), p.toString());
    assertEquals(0, p.objectsFailed(), p.toString());
    Map<String, String> expected = new TreeMap<>();
    SOURCE_OBJECTS.forEach((key, text) -> expected.put("out/" + key, md5(text)));
    expected.put("outside/keep", md5("not under the prefix"));
    expected.put("out", md5("the prefix's own name, not under it"));
    assertEquals(expected, destination.etags(dst));
    Map<String, String> sourceEtags = new TreeMap<>();
    SOURCE_OBJECTS.forEach((key, text) -> sourceEtags.put(key, md5(text)));
    assertEquals(sourceEtags, source.etags(src), "a sync never touches the source");
  }

  @Test
  void aPrefixWithALeadingSlashNamesOnlyTheKeysThatHaveIt() {
    RawS3 source = new RawS3(SOURCE.endpoint());
    RawS3 destination = new RawS3(DESTINATION.endpoint());
    source.createBucket(src);
    destination.createBucket(dst);
    source.put(src, "m", "middle");
    source.put(src, "new", "new");
    destination.put(dst, "/in/m", "stale middle");
    destination.put(dst, "/in/old", "the source lacks it");
    // Keys S3 holds apart from those under /in/: a location named bucket//in must not touch them.
    Map<String, String> others = new TreeMap<>(Map.of("in/m", "other", "in//dbl", "other"));
    others.forEach((key, text) -> destination.put(dst, key, text));
    register("src:" + src, SOURCE, src, "");
    FerryConfig config = new FerryConfig(null, Map.of("dst", DESTINATION.profile("dst")));
    ConfigBackendResolver resolver = new ConfigBackendResolver(config);
    String location = "dst:" + dst + "//in";
    env.backend(location, resolver.open(location));
    env.start();

    MigrationProgress p = env.run("slash-sync", sync("src:" + src, location)).progress();

    assertEquals(2, p.objectsCopied(), p.toString());
    assertEquals(1, p.objectsDeleted(), p.toString());
    Map<String, String> expected = new TreeMap<>();
    others.forEach((key, text) -> expected.put(key, md5(text)));
    expected.put("/in/m", md5("middle"));
    expected.put("/in/new", md5("new"));
    assertEquals(expected, destination.etags(dst));
    resolver.close();
  }

  @Test
  void aSyncIntoItsOwnSourceNamedByAnotherHostNameIsRefused() {
    RawS3 server = new RawS3(SOURCE.endpoint());
    server.createBucket(src);
    SOURCE_OBJECTS.forEach((key, text) -> server.put(src, "in/" + key, text));
    // The destination holds the source: one moto, as 127.0.0.1 and as localhost.
    String byName = SOURCE.endpoint().replace("127.0.0.1", "localhost");
    S3Connection other =
        S3Connection.create(
            S3Type.profile(
                "q", byName, "us-east-1", SOURCE.accessKey(), SOURCE.secretKey(), 0, null));
    connections.add(other);
    register("src:" + src + "/in", SOURCE, src, "in/");
    env.backend("dst:" + src, S3Backend.create(other, src, "", "s3 dst:" + src));
    env.start();

    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class,
            () -> env.run("same-server", sync("src:" + src + "/in", "dst:" + src)));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FerryFailures.PREFLIGHT_REFUSED, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("overlap"), cause.getOriginalMessage());
    Map<String, String> expected = new TreeMap<>();
    SOURCE_OBJECTS.forEach((key, text) -> expected.put("in/" + key, md5(text)));
    assertEquals(expected, server.etags(src), "nothing deleted");
  }

  @Test
  void s3ToFilesystemDeletesWhatTheSourceLacks(@TempDir Path root) throws IOException {
    RawS3 source = new RawS3(SOURCE.endpoint());
    source.createBucket(src);
    SOURCE_OBJECTS.forEach((key, text) -> source.put(src, key, text));
    for (String key : EXTRAS) {
      Path file = root.resolve(key);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "extra");
    }
    register("src:" + src, SOURCE, src, "");
    env.backend("fs:" + root, FileSystemBackend.create(root));
    env.start();

    MigrationProgress p = env.run("fs-sync", sync("src:" + src, "fs:" + root)).progress();

    assertEquals(EXTRAS.size(), p.objectsDeleted(), p.toString());
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(f).toString(), Files.readString(f));
      }
    }
    assertEquals(SOURCE_OBJECTS, files);
  }
}
