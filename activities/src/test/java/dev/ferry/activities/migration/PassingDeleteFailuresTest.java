package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.storage.s3.S3Type;
import dev.ferry.activities.testing.FailingDeletes;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.Requests;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sync's deletes on a store that refuses single DELETEs with 500 InternalError, through a proxy
 * in front of real servers: every delete made is counted and every one refused is named. A retry of
 * the whole prune range lost the count of the keys deleted beside a refused one (an audit on
 * versitygw: "50 destination objects not deleted" and "0 deleted", where 40 were deleted). The
 * destination is read back with the MinIO client, apart from ferry.
 */
class PassingDeleteFailuresTest {
  @RegisterExtension static final VersitygwServer VERSITYGW = new VersitygwServer();
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final int KEPT = 6;
  private static final int EXTRAS = 20;
  private static final Set<String> REFUSED = Set.of("x/e03", "x/e07", "x/e11", "x/e15", "x/e19");
  private static int runs;

  private final List<AutoCloseable> closing = new ArrayList<>();

  static Stream<S3TestServer> servers() {
    return Stream.of(VERSITYGW, MOTO);
  }

  // JUnit closes arguments that are AutoCloseable after each test: the servers serve them all.

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    closing.clear();
  }

  /** Five extras whose every DELETE is refused: the other fifteen are counted, the five named. */
  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("servers")
  void deletesRefusedOnEveryTryAreNamedAndTheRestCounted(S3TestServer server) throws Exception {
    Set<String> refused = REFUSED;
    Outcome o = sync(server, path -> refused.stream().anyMatch(path::endsWith));

    assertEquals(EXTRAS - refused.size(), o.progress.objectsDeleted(), o.progress.toString());
    Set<String> named = new TreeSet<>();
    for (ObjectFailure f : o.failures) {
      named.add(f.key());
      assertTrue(f.message().contains("InternalError"), f.toString());
    }
    assertEquals(refused, named, "each refused delete named once");
    Set<String> left = new TreeSet<>(refused);
    IntStream.range(0, KEPT).forEach(i -> left.add("k" + i));
    assertEquals(left, o.destinationKeys);
    assertTrue(o.link.refused() >= refused.size() * UnchangedDeletes.TRIES, "asked again");
  }

  /**
   * The first DELETE of five extras is refused, beside deletes that succeed: asked again, each is
   * deleted, and every delete counted once.
   */
  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("servers")
  void deletesRefusedOnceAreAskedAgainAndCountedOnce(S3TestServer server) throws Exception {
    Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
    Outcome o =
        sync(server, path -> REFUSED.stream().anyMatch(path::endsWith) && refusedOnce.add(path));

    assertEquals(EXTRAS, o.progress.objectsDeleted(), o.progress.toString());
    assertEquals(List.of(), o.failures);
    Set<String> left = new TreeSet<>();
    IntStream.range(0, KEPT).forEach(i -> left.add("k" + i));
    assertEquals(left, o.destinationKeys);
    assertEquals(REFUSED.size(), o.link.refused());
  }

  private record Outcome(
      MigrationProgress progress,
      List<ObjectFailure> failures,
      Set<String> destinationKeys,
      FailingDeletes link) {}

  /**
   * Syncs a source of {@link #KEPT} objects into a destination holding them and {@link #EXTRAS}
   * more under {@code x/}, through a proxy refusing the DELETEs {@code fails} accepts.
   */
  private Outcome sync(S3TestServer server, Predicate<String> fails) throws Exception {
    runs++;
    String src = "passing-src-" + runs;
    String dst = "passing-dst-" + runs;
    server.createBucket(src);
    server.createBucket(dst);
    S3Backend source = backend(server, server.endpoint(), src);
    S3Backend seed = backend(server, server.endpoint(), dst);
    for (int i = 0; i < KEPT; i++) {
      put(source, "k" + i);
      put(seed, "k" + i);
    }
    for (int i = 0; i < EXTRAS; i++) {
      put(seed, String.format("x/e%02d", i));
    }
    int port = Integer.parseInt(server.endpoint().replaceAll(".*:", "").replace("/", ""));
    FailingDeletes link = new FailingDeletes(port, fails);
    closing.add(link);
    MigrationTestEnv env = new MigrationTestEnv();
    closing.add(env);
    env.backend("src:" + src, source);
    env.backend("dst:" + dst, backend(server, "http://127.0.0.1:" + link.port(), dst));
    env.start();

    String id = "passing-deletes-" + runs;
    MigrationWorkflow wf =
        env.startMigration(
            id,
            Requests.quick("src:" + src, "dst:" + dst, Mode.SYNC, 5)
                .withPasses("100%", false, null));
    MigrationProgress done = env.result(id).progress();
    return new Outcome(done, wf.failures(0, 100).failures(), keys(server, dst), link);
  }

  private S3Backend backend(S3TestServer server, String endpoint, String bucket) {
    S3Connection c =
        S3Connection.create(
            S3Type.profile(
                "p",
                endpoint,
                S3TestServer.REGION,
                server.accessKey(),
                server.secretKey(),
                0,
                null));
    closing.add(c::close);
    return S3Backend.create(c, bucket, "", "s3 " + bucket);
  }

  private static void put(S3Backend backend, String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    backend.put(key, new ByteArrayInputStream(bytes), bytes.length, ObjectMetadata.EMPTY);
  }

  private static Set<String> keys(S3TestServer server, String bucket) throws Exception {
    return new TreeSet<>(server.keys(bucket));
  }
}
