package dev.ferry.activities.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import io.temporal.activity.Activity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole migrations with {@code --report} from a real S3 server (moto, which holds keys no
 * filesystem can) into a real directory, on the time-skipping test server: the report's totals
 * equal the progress counters, every failure is in it, and a retried activity replaces its part.
 */
@Timeout(180)
class ReportMigrationTest {
  @RegisterExtension static final MotoServer S3 = new MotoServer();

  /** Keys a filesystem cannot hold (a 300-byte segment): each fails at the destination. */
  private static final int BAD = 130;

  private static final int GOOD = 60;
  private static int runs;

  @TempDir Path tmp;
  private MigrationTestEnv env;
  private S3Connection connection;
  private S3Backend source;
  private String bucket;

  @BeforeEach
  void setUp() {
    bucket = "report-" + ++runs;
    S3.createBucket(bucket);
    connection = S3Connection.create(S3.profile("p"));
    source = S3Backend.create(connection, bucket, "", "s3 " + bucket);
    env = new MigrationTestEnv();
  }

  @AfterEach
  void tearDown() {
    env.close();
    connection.close();
  }

  @Test
  void aMoveWithFailuresReportsEveryObjectAndTotalsEqualTheCounters() throws IOException {
    Set<String> bad = fill();
    env.backend("src:in", source);
    env.backend("file:out", FileSystemBackend.create(tmp.resolve("out")));
    StorageBackend store = report("move-1");
    env.start();

    // Small ranges and runs: many parts, and the failures (listed first) cross continue-as-new.
    MigrationRequest request = request(Mode.MOVE, false).withMaxHistoryEvents(30);
    MigrationProgress p = env.run("move-1", request).progress();

    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(BAD, p.objectsFailed());
    assertEquals(GOOD, p.objectsDeleted());
    ReportReader reader = ReportReader.of(store);
    assertTotalsEqual(p, reader.totals());
    try (Stream<String> keys = reader.failedKeys()) {
      assertEquals(bad, keys.collect(Collectors.toCollection(TreeSet::new)));
    }
    try (Stream<ObjectOutcome> failures = reader.failures()) {
      failures.forEach(
          f -> assertTrue(f.line().error().contains("255 bytes"), f.line().toString()));
    }
    assertTrue(
        env.stub("move-1").failures(0, 1000).total() < BAD,
        "the workflow keeps only the newest failures across continue-as-new");
    try (Stream<ReportLine> lines = reader.lines()) {
      List<ReportLine> all = lines.toList();
      assertEquals(GOOD + BAD + GOOD + GOOD, all.size(), "copy, verify and delete lines");
      all.stream()
          .filter(l -> ReportLine.DELETED.equals(l.action()))
          .forEach(l -> assertTrue(l.size() != null && l.sourceEtag() != null, l.toString()));
      assertOrdered(all);
      ReportLine copied = all.get(BAD); // bad/ sorts before good/
      assertEquals(ReportLine.COPIED, copied.action());
      assertEquals(md5("good " + 0), copied.md5());
      assertEquals(1, copied.attempt());
    }
    // Each part says what its keys are relative to, read alone: before, only the range and step.
    try (Stream<Path> parts = Files.list(tmp.resolve("report").resolve("move-1"))) {
      Path part = parts.filter(f -> f.toString().endsWith(".copy.jsonl")).findFirst().orElseThrow();
      String header = Files.readAllLines(part).get(0);
      assertTrue(
          header.contains("\"source\":\"src:in\",\"destination\":\"file:out\",\"mode\":\"move\""),
          header);
    }
  }

  @Test
  void aSyncReportsTheDeletesOfWhatTheSourceNoLongerHas() throws IOException {
    fill();
    Path out = Files.createDirectories(tmp.resolve("out"));
    for (String extra : List.of("a-extra", "good/050-extra", "zz/extra")) {
      Files.createDirectories(out.resolve(extra).getParent());
      Files.writeString(out.resolve(extra), "extra");
    }
    env.backend("src:in", source);
    env.backend("file:out", FileSystemBackend.create(out));
    StorageBackend dryStore = report("sync-dry");
    StorageBackend store = report("sync-1");
    env.start();

    MigrationRequest dry = request(Mode.SYNC, true).withPasses("100%", false, null);
    assertEquals(3, env.run("sync-dry", dry).progress().objectsDeleted());
    assertEquals(3, ReportReader.of(dryStore).totals().wouldDelete(), "a dry run's would-deletes");
    try (Stream<ReportLine> lines = ReportReader.of(dryStore).lines()) {
      // Named by the step the real run takes for them, so a review compares like with like.
      assertEquals(
          List.of(ReportLine.PRUNE),
          lines
              .filter(l -> ReportLine.WOULD_DELETE.equals(l.action()))
              .map(ReportLine::step)
              .distinct()
              .toList());
    }
    MigrationRequest request = request(Mode.SYNC, false).withPasses("100%", false, null);
    MigrationProgress p = env.run("sync-1", request).progress();

    assertEquals(3, p.objectsDeleted(), p.toString());
    assertTotalsEqual(p, ReportReader.of(store).totals());
    // What was deleted, as the prune listed it: before, a deleted line had key and step only.
    try (Stream<ReportLine> lines = ReportReader.of(store).lines()) {
      List<ReportLine> deleted = lines.filter(l -> ReportLine.DELETED.equals(l.action())).toList();
      assertEquals(3, deleted.size());
      for (ReportLine l : deleted) {
        assertEquals(5L, l.size(), l.toString());
        assertTrue(l.destinationEtag() != null && l.sourceEtag() == null, l.toString());
      }
    }
  }

  @Test
  void aRetriedActivityReplacesItsPartAndKeepsWhatTheEarlierAttemptDecided() throws IOException {
    fill();
    AtomicInteger failuresLeft = new AtomicInteger(1);
    env.backend(
        "src:in",
        new ForwardingBackend(source, "flaky") {
          @Override
          public InputStream open(String key) {
            // A read ahead (off the activity's thread: a loaded machine can make reads slow
            // enough for one) always fails, so its failure is the copy's own read's to make.
            if (key.equals("good/035") && !onActivityThread()) {
              throw new RetryableStorageException("503 slow down, ahead of the copy");
            }
            if (key.equals("good/035") && failuresLeft.getAndDecrement() > 0) {
              throw new RetryableStorageException("503 slow down");
            }
            return super.open(key);
          }
        });
    env.backend("file:out", FileSystemBackend.create(tmp.resolve("out")));
    StorageBackend store = report("retry-1");
    env.start();

    MigrationProgress p = env.run("retry-1", request(Mode.COPY, false)).progress();

    assertEquals(GOOD, p.objectsCopied());
    assertTotalsEqual(p, ReportReader.of(store).totals());
    List<ReportLine> copies;
    try (Stream<ReportLine> lines = ReportReader.of(store).lines()) {
      copies = lines.filter(l -> ReportLine.COPY.equals(l.step())).toList();
    }
    Set<String> keys = new HashSet<>();
    copies.forEach(l -> assertTrue(keys.add(l.key()), "one line per key: " + l.key()));
    assertEquals(GOOD + BAD, keys.size());
    // The range of good/035 ran twice: the retry resumed after the last key the first attempt
    // stored, kept those lines and decided the rest itself.
    assertEquals(1, attemptOf(copies, "good/030"));
    assertEquals(2, attemptOf(copies, "good/035"));
    long parts;
    try (Stream<Path> files = Files.list(tmp.resolve("report/retry-1"))) {
      parts = files.filter(f -> f.toString().endsWith(".copy.jsonl")).count();
    }
    assertEquals((GOOD + BAD + 24) / 25, parts, "one part per range, never one per attempt");
  }

  @Test
  void aDryRunReportsWhatItWouldDoAndWritesNothingElse() throws IOException {
    fill();
    env.backend("src:in", source);
    env.backend("file:out", FileSystemBackend.create(tmp.resolve("out")));
    StorageBackend store = report("dry-1");
    env.start();

    MigrationProgress p = env.run("dry-1", request(Mode.MOVE, true)).progress();

    ReportTotals t = ReportReader.of(store).totals();
    assertTrue(t.dryRun());
    assertEquals(p.objectsCopied(), t.copied());
    assertEquals(GOOD + BAD, t.copied());
    assertEquals(GOOD + BAD, t.wouldDelete());
    assertEquals(GOOD + BAD, p.objectsDeleted(), "counted as the report counts them");
    assertEquals(0, t.deleted());
    assertTrue(!Files.exists(tmp.resolve("out")) || isEmpty(tmp.resolve("out")));
    assertEquals(GOOD + BAD, source.list(null, null, 1000).objects().size());

    // The same id again, for real and cut into other ranges: its report replaces the dry run's,
    // and leaves the user's own files there alone.
    Path mine = tmp.resolve("report/dry-1/mine.jsonl");
    Path deeper = tmp.resolve("report/dry-1/sub/" + "a".repeat(32) + ".copy.jsonl");
    Files.createDirectories(deeper.getParent());
    Files.writeString(mine, "{}\n");
    Files.writeString(deeper, "{}\n");
    MigrationProgress real = env.run("dry-1", request(Mode.COPY, false, 40)).progress();
    ReportTotals again = ReportReader.of(store).totals();
    assertTrue(!again.dryRun());
    assertTotalsEqual(real, again);
    assertTrue(Files.exists(mine) && Files.exists(deeper), "the user's files were deleted");
  }

  private MigrationRequest request(Mode mode, boolean dryRun) {
    return request(mode, dryRun, 25);
  }

  private MigrationRequest request(Mode mode, boolean dryRun, int rangeObjects) {
    return new MigrationRequest(
            "src:in",
            "file:out",
            mode,
            2,
            Verification.CHECKSUM,
            2,
            Duration.ofSeconds(1),
            null,
            null,
            IfExists.SKIP_IDENTICAL,
            dryRun,
            rangeObjects,
            1024 * 1024,
            false)
        .withReport("file:report");
  }

  /** The report location of migration {@code id}, a directory of its own. */
  private StorageBackend report(String id) {
    env.backend("file:report", FileSystemBackend.create(tmp.resolve("report")));
    return env.backend(
        ReportParts.location("file:report", id),
        FileSystemBackend.create(tmp.resolve("report").resolve(id)));
  }

  /** Puts {@link #GOOD} readable objects and {@link #BAD} the destination refuses; the bad keys. */
  private Set<String> fill() {
    Set<String> bad = new TreeSet<>();
    for (int i = 0; i < GOOD; i++) {
      put(String.format("good/%03d", i), "good " + i);
    }
    for (int i = 0; i < BAD; i++) {
      String key = String.format("bad/%03d-", i) + "x".repeat(300);
      put(key, "bad " + i);
      bad.add(key);
    }
    return bad;
  }

  private void put(String key, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    source.put(key, new ByteArrayInputStream(b), b.length, ObjectMetadata.EMPTY);
  }

  private static void assertTotalsEqual(MigrationProgress p, ReportTotals t) {
    assertEquals(p.objectsCopied(), t.copied(), "copied");
    assertEquals(p.objectsSkipped(), t.skipped(), "skipped");
    assertEquals(p.objectsFailed(), t.failed(), "failed");
    assertEquals(p.objectsDeleted(), t.deleted(), "deleted");
    assertEquals(p.bytesCopied(), t.bytesCopied(), "bytesCopied");
  }

  private static void assertOrdered(List<ReportLine> lines) {
    List<ReportLine> sorted = new ArrayList<>(lines);
    sorted.sort(RangeMerge.ORDER);
    assertEquals(sorted, lines);
  }

  private static int attemptOf(List<ReportLine> lines, String key) {
    return lines.stream().filter(l -> key.equals(l.key())).findFirst().orElseThrow().attempt();
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static String md5(String text) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("MD5")
              .digest(text.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean onActivityThread() {
    try {
      Activity.getExecutionContext();
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }
}
