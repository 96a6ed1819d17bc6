package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.RawS3;
import dev.ferry.activities.testing.Requests;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Migrations of keys with {@code .}, {@code ..} and {@code //} between real servers: moved exactly
 * where the destination holds them (moto), refused one by one where it resolves them (versitygw),
 * and never a request for another key or bucket. moto checks no signatures, so its buckets are read
 * back with plain HTTP requests, independently of ferry's S3 code.
 */
class S3ExactKeysMigrationTest {
  @RegisterExtension static final MotoServer SOURCE = new MotoServer();
  @RegisterExtension static final MotoServer DESTINATION = new MotoServer();
  @RegisterExtension static final VersitygwServer VERSITYGW = new VersitygwServer();

  /** Each key's bytes; the first climbs into bucket {@code other} if anything resolves it. */
  private static final Map<String, String> OBJECTS =
      new TreeMap<>(
          Map.of(
              "x/../../other/k", "climber",
              "a/../b", "dotted",
              "b", "plain b",
              "in/./c", "dot",
              "d//e", "double slash",
              "n/plain.txt", "plain"));

  private static int runs;

  private MigrationTestEnv env;
  private final List<S3Connection> connections = new ArrayList<>();
  private String src;
  private String dst;

  @BeforeEach
  void setUp() {
    runs++;
    src = "src-" + runs;
    dst = "dst-" + runs;
    env = new MigrationTestEnv();
  }

  @AfterEach
  void tearDown() {
    env.close();
    connections.forEach(S3Connection::close);
  }

  private S3Backend register(String location, S3TestServer server, String bucket) {
    S3Connection c = S3Connection.create(server.profile("p"));
    connections.add(c);
    return env.backend(location, S3Backend.create(c, bucket, "", "s3 " + location));
  }

  private static MigrationRequest request(String from, String to, Mode mode) {
    return Requests.quick(from, to, mode, 2);
  }

  private static String md5(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return DigestingInputStream.md5Hex(bytes, bytes.length);
  }

  @Test
  void moveCarriesEveryKeyExactlyAndTouchesNoOtherBucket() {
    RawS3 source = new RawS3(SOURCE.endpoint());
    RawS3 destination = new RawS3(DESTINATION.endpoint());
    for (RawS3 side : List.of(source, destination)) {
      side.createBucket("other");
      side.put("other", "k", "other's own");
    }
    source.createBucket(src);
    destination.createBucket(dst);
    OBJECTS.forEach((key, text) -> source.put(src, key, text));
    register("src:" + src, SOURCE, src);
    register("dst:" + dst, DESTINATION, dst);
    env.start();

    MigrationProgress p =
        env.run("exact-move", request("src:" + src, "dst:" + dst, Mode.MOVE)).progress();

    assertEquals(OBJECTS.size(), p.objectsCopied(), p.toString());
    assertEquals(OBJECTS.size(), p.objectsDeleted(), p.toString());
    assertEquals(0, p.objectsFailed(), p.toString());
    assertEquals(OBJECTS.keySet().stream().toList(), destination.keys(dst));
    Map<String, String> etags = destination.etags(dst);
    OBJECTS.forEach((key, text) -> assertEquals(md5(text), etags.get(key), key));
    assertEquals(List.of(), source.keys(src));
    for (RawS3 side : List.of(source, destination)) {
      assertEquals(Map.of("k", md5("other's own")), side.etags("other"));
    }
  }

  @Test
  void aStoreThatResolvesPathsGetsTheOtherKeysAndEachDotKeyFailsWithItsReason() {
    RawS3 source = new RawS3(SOURCE.endpoint());
    source.createBucket(src);
    OBJECTS.forEach((key, text) -> source.put(src, key, text));
    VERSITYGW.createBucket(dst);
    register("src:" + src, SOURCE, src);
    S3Backend written = register("vgw:" + dst, VERSITYGW, dst);
    env.start();

    MigrationProgress p =
        env.run("exact-refused", request("src:" + src, "vgw:" + dst, Mode.MOVE)).progress();

    List<String> refused = List.of("a/../b", "d//e", "in/./c", "x/../../other/k");
    assertEquals(2, p.objectsCopied(), p.toString());
    assertEquals(2, p.objectsDeleted(), p.toString());
    assertEquals(refused.size(), p.objectsFailed(), p.toString());
    Map<String, ObjectFailure> failures =
        env.stub("exact-refused").failures(0, 10).failures().stream()
            .collect(Collectors.toMap(ObjectFailure::key, f -> f, (a, b) -> a, TreeMap::new));
    assertEquals(refused.size(), failures.size(), failures.toString());
    assertEquals(refused, List.copyOf(failures.keySet()));
    for (ObjectFailure f : failures.values()) {
      assertEquals(FerryFailures.REASON_PERMANENT, f.reason(), f.toString());
      assertTrue(
          f.message().contains(f.key() + ": this store resolves '.', '..' and '//' in paths"),
          f.message());
    }
    // The refused keys stay at the source; b is the plain one, not overwritten by a/../b.
    assertEquals(refused, source.keys(src));
    assertEquals(
        List.of("b", "n/plain.txt"),
        written.list(null, null, 100).objects().stream().map(o -> o.key()).toList());
  }
}
