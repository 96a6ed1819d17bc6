package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.report.ReportParts;
import dev.ferry.activities.report.ReportReader;
import dev.ferry.activities.report.ReportTotals;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.LocationFaultException.Kind;
import dev.ferry.activities.storage.ProfileMissingException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.testing.Eventually;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import dev.ferry.workflows.Verification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault of a whole side pauses the migration at once with the store's words, counts nothing as
 * failed, and resume continues each stopped range where it stood: every object counted once.
 */
@Timeout(120)
class SideFaultPauseTest {
  private static final int OBJECTS = 20;

  private MigrationTestEnv env;
  private MemoryBackend source;
  private MemoryBackend destination;

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
    source = env.backend("src:b/in", new MemoryBackend("src"));
    destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();
    MigrationWorkflowTest.fill(source, OBJECTS);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /** Five objects per range, so a fault stops ranges part-way; two in flight. */
  private static MigrationRequest request(Mode mode) {
    return request(mode, 2);
  }

  static MigrationRequest request(Mode mode, int maxRetries) {
    return new MigrationRequest(
        "src:b/in",
        "dst:b/out",
        mode,
        2,
        Verification.CHECKSUM,
        maxRetries,
        Duration.ofSeconds(1),
        null,
        null,
        IfExists.SKIP_IDENTICAL,
        false,
        5,
        1 << 20,
        true);
  }

  @Test
  void aFullDestinationPausesThenResumeContinuesExactly() {
    AtomicBoolean full = fullAfterPuts(7);
    MigrationWorkflow wf = env.startMigration("full-1", request(Mode.COPY));
    // Paused, it shows what its stopped ranges wrote, not only the ranges it finished: the 6
    // objects put before the disk filled (the 7th put was preflight's probe).
    MigrationProgress paused =
        Eventually.await(
            wf::progress,
            p ->
                p.state() == MigrationState.PAUSED
                    && p.inFlight() > 0
                    && p.objectsCopied() == 6
                    && p.bytesCopied() == destinationBytes());
    assertEquals("destination full: No space left on device (/srv/out)", paused.pausedReason());
    assertEquals(0, paused.objectsFailed(), paused.toString());
    assertEquals(30.0, paused.percent(), 0.001, paused.toString());
    assertEquals(0, wf.failures(0, 100).total());
    assertEquals(7, destination.putCount());

    full.set(false);
    destination.intercept(null);
    resume(wf, "full-1");
    MigrationProgress done = env.result("full-1").progress();
    assertEquals(MigrationState.COMPLETED, done.state());
    assertEquals(OBJECTS, done.objectsCopied(), done.toString());
    assertEquals(0, done.objectsSkipped() + done.objectsFailed(), done.toString());
    // Preflight's probe object is the one more.
    assertEquals(OBJECTS + 1, destination.putCount(), "each object written once");
    for (String key : source.keys()) {
      assertArrayEquals(source.bytes(key), destination.bytes(key), key);
    }
  }

  /**
   * Resumed, a range that a pause stopped goes on counting what it did before: the counters of a
   * resumed migration do not drop back to its finished ranges' until the range ends.
   */
  @Test
  void aResumedRangeKeepsShowingWhatItDidBeforeThePause() throws InterruptedException {
    fullAfterPuts(7);
    CountDownLatch release = new CountDownLatch(1);
    MigrationWorkflow wf = env.startMigration("full-held", request(Mode.COPY));
    Eventually.await(
        wf::progress, p -> p.state() == MigrationState.PAUSED && p.objectsCopied() == 6);

    // Resumed, each put waits until the counters were looked at.
    CountDownLatch putting = new CountDownLatch(1);
    destination.intercept(
        (op, key) -> {
          if (op.equals("put")) {
            putting.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    resume(wf, "full-held");
    assertTrue(putting.await(30, TimeUnit.SECONDS), "the resumed range did not write");
    MigrationProgress running = wf.progress();
    assertEquals(MigrationState.RUNNING, running.state());
    assertEquals(6, running.objectsCopied(), running.toString());
    release.countDown();
    MigrationProgress done = env.result("full-held").progress();
    assertEquals(OBJECTS, done.objectsCopied(), done.toString());
    assertEveryObjectArrivedOnce(done);
  }

  /** From the {@code after}-th put on, the destination's disk is full until the flag is cleared. */
  private AtomicBoolean fullAfterPuts(int after) {
    AtomicBoolean full = new AtomicBoolean();
    AtomicInteger puts = new AtomicInteger();
    destination.intercept(
        (op, key) -> {
          if (op.equals("put") && (full.get() || puts.incrementAndGet() > after)) {
            full.set(true);
            throw new LocationFaultException(
                Kind.NO_SPACE, "memory dst", "No space left on device (/srv/out)", true, null);
          }
        });
    return full;
  }

  private long destinationBytes() {
    return destination.keys().stream()
        .filter(key -> !key.contains(".ferry-preflight-"))
        .mapToLong(key -> destination.bytes(key).length)
        .sum();
  }

  /**
   * From the {@code after}-th put on, {@code store}'s bucket is gone (every put refused so) until
   * the returned flag is cleared.
   */
  static AtomicBoolean goneAfterPuts(MemoryBackend store, int after) {
    AtomicBoolean gone = new AtomicBoolean();
    AtomicInteger puts = new AtomicInteger();
    store.intercept(
        (op, key) -> {
          if (op.equals("put") && puts.incrementAndGet() == after + 1) {
            gone.set(true);
          }
          if (op.equals("put") && gone.get()) {
            throw new LocationFaultException(
                Kind.GONE, "memory dst", "put " + key + ": bucket 'b' does not exist", true, null);
          }
        });
    return gone;
  }

  @Test
  void aDestinationBucketThatIsGoneIsCopiedAgainFromTheStartOnResume() {
    goneAfterPuts(destination, 7);
    MigrationWorkflow wf = env.startMigration("gone-1", request(Mode.COPY));
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertTrue(
        paused.pausedReason().startsWith("destination gone: put dir/k")
            && paused.pausedReason().endsWith(FerryFailures.GONE_RESUME_COPIES_AGAIN),
        paused.pausedReason());
    assertTrue(destination.size() > 0, "some objects were written before the bucket went");

    // The bucket is created again, empty, and the bare signal resumes (as the stock CLI sends it).
    destination.clear();
    destination.intercept(null);
    resume(wf, "gone-1");
    MigrationProgress done = env.result("gone-1").progress();
    assertEquals(OBJECTS, done.objectsCopied(), done.toString());
    assertEquals(OBJECTS, done.objectsTotal(), done.toString());
    assertEveryObjectArrivedOnce(done);
  }

  @Test
  void anAttemptThatDiesInAPassCopiedAgainIntoAnEmptyBucketCountsWhatItWroteAsCopied() {
    goneAfterPuts(destination, 7);
    MigrationWorkflow wf = env.startMigration("gone-k", request(Mode.COPY));
    Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    destination.clear();
    // In the pass copied again, an attempt dies after writing dir/k010..k012 and before any
    // heartbeat names them (kill -9): its retry finds them identical in a bucket found empty.
    AtomicBoolean died = new AtomicBoolean();
    destination.intercept(
        (op, key) -> {
          if (op.equals("put") && key.equals("dir/k013") && died.compareAndSet(false, true)) {
            throw new IllegalStateException("the worker died here");
          }
        });
    resume(wf, "gone-k");
    MigrationProgress done = env.result("gone-k").progress();
    assertTrue(died.get());
    assertEquals(OBJECTS, done.objectsCopied(), done.toString());
    assertEquals(0, done.objectsSkipped(), done.toString());
    assertEveryObjectArrivedOnce(done);
  }

  @Test
  void aReportOfAPassCopiedAgainHoldsEachObjectOnce(@TempDir Path tmp) throws IOException {
    env.close();
    env = new MigrationTestEnv();
    env.backend("src:b/in", source);
    env.backend("dst:b/out", destination);
    env.backend("file:report", FileSystemBackend.create(tmp));
    StorageBackend report =
        env.backend(
            ReportParts.location("file:report", "gone-r"),
            FileSystemBackend.create(tmp.resolve("gone-r")));
    env.backend(
        ReportParts.location("file:report", "gone-r", 2),
        FileSystemBackend.create(tmp.resolve("gone-r").resolve("pass-2")));
    env.start();
    goneAfterPuts(destination, 7);
    MigrationWorkflow wf =
        env.startMigration("gone-r", request(Mode.COPY).withReport("file:report"));
    Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    destination.clear();
    destination.intercept(null);
    resume(wf, "gone-r");
    MigrationProgress done = env.result("gone-r").progress();
    assertEveryObjectArrivedOnce(done);
    // As `ferry report` reads it: the last pass's folder, here the pass copied again.
    int pass = ReportParts.lastPass(report);
    assertEquals(2, pass);
    ReportTotals totals =
        ReportReader.of(FileSystemBackend.create(tmp.resolve("gone-r").resolve("pass-" + pass)))
            .totals();
    assertEquals(done.objectsCopied(), totals.copied(), totals.toString());
    assertEquals(done.bytesCopied(), totals.bytesCopied(), totals.toString());
  }

  @Test
  void aSyncWhoseDestinationGoesWhileItDeletesCopiesAgainOnResume() {
    for (int i = 0; i < 3; i++) {
      destination.putBytes("old/x" + i, new byte[] {1});
    }
    AtomicBoolean gone = new AtomicBoolean(true);
    destination.intercept(
        (op, key) -> {
          // Preflight's probe is deleted too, before the bucket goes.
          if (op.equals("delete") && key.startsWith("old/") && gone.get()) {
            throw new LocationFaultException(
                Kind.GONE, "memory dst", "delete: bucket 'b' does not exist", true, null);
          }
        });
    MigrationRequest sync = request(Mode.SYNC).withPasses("100%", false, Duration.ofSeconds(1));
    MigrationWorkflow wf = env.startMigration("gone-s", sync);
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    // It failed the prune's range alone, and the sync ended COMPLETED with nothing in the bucket.
    assertTrue(
        paused.pausedReason().startsWith("destination gone: delete")
            && paused.pausedReason().endsWith(FerryFailures.GONE_RESUME_COPIES_AGAIN),
        paused.pausedReason());

    destination.clear();
    destination.putBytes("old/y", new byte[] {2});
    gone.set(false);
    resume(wf, "gone-s");
    MigrationProgress done = env.result("gone-s").progress();
    assertEveryObjectArrivedOnce(done);
    assertEquals(source.keys(), destination.keys(), "the destination is the source");
    assertEquals(1, done.objectsDeleted(), done.toString());
  }

  @Test
  void aBucketEmptiedWhileAnOperatorHadPausedIsCopiedAgainOnResume() {
    MigrationProgress done = resumedAfterAPause("emptied-1", destination::clear);
    assertEveryObjectArrivedOnce(done);
  }

  /**
   * The look on resume once asked only whether the destination was empty: an audit's bucket created
   * again with one object in it ended COMPLETED with 999 of 2,000 objects missing.
   */
  @Test
  void aBucketCreatedAgainWithOneObjectInItWhilePausedIsCopiedAgainOnResume() {
    MigrationProgress done =
        resumedAfterAPause(
            "emptied-2",
            () -> {
              String kept = destination.keys().get(0);
              byte[] bytes = destination.bytes(kept);
              destination.clear();
              destination.putBytes(kept, bytes);
            });
    assertEveryObjectArrivedOnce(done);
  }

  /**
   * A bucket that came back holding an older backup's objects beside the copied keys, as many in
   * each range as the pass counted: an audit's sync so resumed ended with half its source missing,
   * as the look counted any object in a range. It counts the source's keys there now.
   */
  @Test
  void aBucketCreatedAgainWithOtherObjectsInItsRangesIsCopiedAgainOnResume() {
    MigrationProgress done =
        resumedAfterAPause(
            "emptied-3",
            () -> {
              destination.clear();
              for (String key : source.keys()) {
                // Just before its key ("dir/k00/~" before "dir/k000"): in the same range.
                char last = key.charAt(key.length() - 1);
                String older = key.substring(0, key.length() - 1) + (char) (last - 1) + "~";
                destination.putBytes(older, new byte[] {1});
              }
            });
    assertEveryObjectArrivedOnce(done);
  }

  /** Looking finds every counted object there: the migration goes on, nothing written twice. */
  @Test
  void aResumeThatFindsTheDestinationWholeWritesEachObjectOnce() {
    MigrationProgress done = resumedAfterAPause("whole-1", () -> {});
    assertEveryObjectArrivedOnce(done);
    assertEquals(source.size(), done.objectsCopied(), done.toString());
    // Preflight's probe object is the one more.
    assertEquals(source.size() + 1, destination.putCount(), "each object written once");
  }

  /**
   * Copies 80 objects slowly, pauses as an operator does once some are copied, lets the activities
   * end, runs {@code meanwhile} while nothing runs (no write fails), resumes and returns the end.
   */
  private MigrationProgress resumedAfterAPause(String id, Runnable meanwhile) {
    MigrationWorkflowTest.fill(source, 80);
    int objects = source.size();
    destination.intercept(
        (op, key) -> {
          if (op.equals("put")) {
            sleep(20); // time to pause between the ranges
          }
        });
    MigrationWorkflow wf = env.startMigration(id, request(Mode.COPY));
    Eventually.await(wf::progress, p -> p.objectsCopied() >= 5);
    wf.pause("maintenance");
    Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    // The activities running at the pause end; held steps wait for resume.
    Eventually.await(() -> env.activitiesPending(id), pending -> pending == 0);
    MigrationProgress paused = wf.progress();
    assertTrue(paused.objectsCopied() < objects, paused.toString());

    meanwhile.run();
    destination.intercept(null);
    resume(wf, id);
    MigrationProgress done = env.result(id).progress();
    assertEquals(objects, done.objectsCopied() + done.objectsSkipped(), done.toString());
    return done;
  }

  /**
   * Resumes {@code wf} once the attempts still running at its pause have ended: one that met the
   * fault after the resume would pause the migration again, and the test server, waiting for the
   * result with nothing left to run, would skip time to the workflow's timeout.
   */
  private void resume(MigrationWorkflow wf, String id) {
    Eventually.await(() -> env.activitiesPending(id), pending -> pending == 0);
    wf.resume();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aDestinationThatCameBackWithItsObjectsIsNotWrittenAgain() {
    AtomicBoolean gone = goneAfterPuts(destination, 7);
    MigrationWorkflow wf = env.startMigration("gone-2", request(Mode.COPY));
    Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    long written = destination.putCount();
    long there = source.keys().stream().filter(k -> destination.bytes(k) != null).count();
    gone.set(false);
    resume(wf, "gone-2");
    MigrationProgress done = env.result("gone-2").progress();
    assertEquals(OBJECTS, done.objectsCopied() + done.objectsSkipped(), done.toString());
    assertTrue(there > 0, "some objects were copied before the bucket went");
    assertEquals(
        OBJECTS - there,
        destination.putCount() - written,
        "what is there and identical is skipped, the rest written once");
    assertEveryObjectArrivedOnce(done);
  }

  private void assertEveryObjectArrivedOnce(MigrationProgress done) {
    assertEquals(MigrationState.COMPLETED, done.state());
    assertEquals(0, done.objectsFailed(), done.toString());
    for (String key : source.keys()) {
      assertArrayEquals(source.bytes(key), destination.bytes(key), key);
    }
  }

  @Test
  void aMoveWhoseDestinationIsGoneSaysHowManyObjectsAreNowhere() {
    CountDownLatch held = new CountDownLatch(1);
    String firstRangeEnd = source.keys().get(4);
    destination.intercept(
        (op, key) -> {
          // The first range (its 5 keys, named: the two ranges in flight interleave their puts) is
          // moved whole; the other ranges' puts wait, then find the bucket gone.
          if (op.equals("put") && key.startsWith("dir/") && key.compareTo(firstRangeEnd) > 0) {
            try {
              held.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new LocationFaultException(
                Kind.GONE, "memory dst", "bucket 'b' does not exist", true, null);
          }
        });
    MigrationWorkflow wf = env.startMigration("gone-3", request(Mode.MOVE));
    Eventually.await(wf::progress, p -> p.objectsDeleted() == 5);
    held.countDown();
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertTrue(
        paused.pausedReason().endsWith(FerryFailures.START_AGAIN)
            && paused
                .pausedReason()
                .contains(
                    "went with it, and so did the 5 objects this move deleted from the source"
                        + " after verifying them there: they are nowhere now"),
        paused.pausedReason());
  }

  @Test
  void anOutageThatOutlastsTheRetriesPausesInsteadOfFailingTheRange() {
    AtomicBoolean down = new AtomicBoolean();
    AtomicInteger puts = new AtomicInteger();
    destination.intercept(
        (op, key) -> {
          boolean reaches = op.equals("put") || op.equals("list") || op.equals("stat");
          if (reaches && (down.get() || (op.equals("put") && puts.incrementAndGet() > 7))) {
            down.set(true);
            throw new RetryableStorageException(
                "memory dst: " + op + ": could not connect (Connection refused)");
          }
        });
    MigrationWorkflow wf = env.startMigration("outage-1", request(Mode.COPY));
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED && p.inFlight() > 0);
    assertEquals(
        "destination unreachable: memory dst: list: could not connect (Connection refused)"
            + " (still so after every retry; resume once it answers again)",
        paused.pausedReason());
    assertEquals(0, paused.objectsFailed(), paused.toString());
    assertEquals(0, wf.failures(0, 100).total());

    down.set(false);
    destination.intercept(null);
    resumesToAnExactEnd(wf, "outage-1");
  }

  @Test
  void aStoreThatHangsOnEveryAttemptPausesInsteadOfFailingTheRange() throws Exception {
    // Hung, not refused (a black-holed connection): no error reaches the activity, each attempt
    // only stops heartbeating. An audit saw such ranges end as 1,000 failed, 221 of them written.
    java.util.concurrent.CountDownLatch answers = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger puts = new AtomicInteger();
    destination.intercept(
        (op, key) -> {
          if (op.equals("put") && puts.incrementAndGet() > 7 && answers.getCount() > 0) {
            try {
              answers.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    // One attempt: its heartbeat timeout (20 s) passes in real time.
    MigrationWorkflow wf = env.startMigration("hung-1", request(Mode.COPY, 0));
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED && p.inFlight() > 0);
    assertTrue(
        paused.pausedReason().matches("COPY of range .* stopped heartbeating on each of its 1 .*"),
        paused.pausedReason());
    assertEquals(0, paused.objectsFailed(), paused.toString());
    assertEquals(0, wf.failures(0, 100).total());

    answers.countDown();
    destination.intercept(null);
    resumesToAnExactEnd(wf, "hung-1");
  }

  /** A worker whose config lacks the destination's profile, as its copy attempts meet it. */
  private static RuntimeException lacksProfile(String location) {
    return "dst:b/out".equals(location) && "CopyRange".equals(MigrationRetryTest.activityType())
        ? new ProfileMissingException(
            "worker 7@other: unknown profile 'dst' (known profiles: src); add it under backends:",
            null)
        : null;
  }

  private static boolean firstAttempt() {
    try {
      return io.temporal.activity.Activity.getExecutionContext().getInfo().getAttempt() <= 1;
    } catch (IllegalStateException notAnActivity) {
      return false;
    }
  }

  @Test
  void attemptsOnAWorkerWithoutTheProfileAreRetriedElsewhere() {
    // Two workers on one queue, one lacking the profile: each range's first attempt lands on it.
    // An audit saw such attempts fail whole ranges for good ("2000 failed") beside a good worker.
    env.failOpening(location -> firstAttempt() ? lacksProfile(location) : null);
    MigrationProgress done = env.run("other-worker", request(Mode.COPY)).progress();
    assertEquals(OBJECTS, done.objectsCopied(), done.toString());
    assertEquals(0, done.objectsFailed(), done.toString());
  }

  @Test
  void aRangeThatFindsNoWorkerWithTheProfilePausesThenResumesExactly() {
    env.failOpening(SideFaultPauseTest::lacksProfile);
    MigrationWorkflow wf = env.startMigration("no-worker", request(Mode.COPY, 1));
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertTrue(
        paused.pausedReason().startsWith("worker 7@other: unknown profile 'dst'"),
        paused.pausedReason());
    assertTrue(
        paused.pausedReason().endsWith("(so on each of its 2 attempts; resume once they have)"),
        paused.pausedReason());
    assertEquals(0, paused.objectsFailed(), paused.toString());
    env.failOpening(null);
    resumesToAnExactEnd(wf, "no-worker");
  }

  /** Resumes {@code wf}, which ends with every object copied once and none failed. */
  private void resumesToAnExactEnd(MigrationWorkflow wf, String id) {
    resume(wf, id);
    MigrationProgress done = env.result(id).progress();
    assertEquals(MigrationState.COMPLETED, done.state());
    assertEquals(OBJECTS, done.objectsCopied() + done.objectsSkipped(), done.toString());
    assertEquals(0, done.objectsFailed(), done.toString());
    for (String key : source.keys()) {
      assertArrayEquals(source.bytes(key), destination.bytes(key), key);
    }
  }

  @Test
  void accessDeniedOnOneObjectFailsThatObjectOnly() {
    destination.intercept(
        (op, key) -> {
          if (op.equals("put") && key.equals("dir/k007")) {
            throw new LocationFaultException(
                Kind.CREDENTIALS, "memory dst", "put dir/k007: AccessDenied", false, null);
          }
        });
    MigrationProgress done = env.run("denied-1", request(Mode.COPY)).progress();
    assertEquals(MigrationState.COMPLETED, done.state());
    assertEquals(1, done.objectsFailed());
    assertEquals(OBJECTS - 1, done.objectsCopied());
    ObjectFailure f = env.stub("denied-1").failures(0, 10).failures().get(0);
    assertEquals("dir/k007", f.key());
    assertEquals(FerryFailures.REASON_PERMANENT, f.reason());
  }

  @Test
  void accessDeniedThatTheListingConfirmsPausesOnTheSource() {
    AtomicBoolean revoked = new AtomicBoolean();
    AtomicInteger opens = new AtomicInteger();
    source.intercept(
        (op, key) -> {
          if (revoked.get() || (op.equals("open") && opens.incrementAndGet() > 3)) {
            revoked.set(true);
            throw new LocationFaultException(
                Kind.CREDENTIALS,
                "memory src",
                op + ": AccessDenied (Access Denied.)",
                false,
                null);
          }
        });
    MigrationWorkflow wf = env.startMigration("revoked-1", request(Mode.COPY));
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED && p.inFlight() > 0);
    assertEquals(
        "source credentials refused: list: AccessDenied (Access Denied.)", paused.pausedReason());
    assertEquals(0, paused.objectsFailed());
    revoked.set(false);
    source.intercept(null);
    resume(wf, "revoked-1");
    MigrationProgress done = env.result("revoked-1").progress();
    assertEquals(OBJECTS, done.objectsCopied(), done.toString());
    assertEquals(0, done.objectsFailed());
  }

  @Test
  void aSourceDirectoryThatVanishesPausesInsteadOfFailingEachFile(@TempDir Path tmp)
      throws IOException {
    Path mount = Files.createDirectories(tmp.resolve("mnt/in"));
    for (String key : source.keys()) {
      Files.createDirectories(mount.resolve(key).getParent());
      Files.write(mount.resolve(key), source.bytes(key));
    }
    env.backend("file:in", FileSystemBackend.create(mount));
    Path away = tmp.resolve("away");
    AtomicInteger puts = new AtomicInteger();
    // Unmounted (here: moved away) while the third object is written.
    destination.intercept(
        (op, key) -> {
          if (op.equals("put") && puts.incrementAndGet() == 3) {
            try {
              Files.move(mount, away);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
    MigrationRequest request = request(Mode.COPY);
    MigrationWorkflow wf =
        env.startMigration(
            "unmounted-1",
            new MigrationRequest(
                "file:in",
                request.destination(),
                request.mode(),
                request.maxConcurrency(),
                request.verification(),
                request.maxRetries(),
                request.initialRetryInterval(),
                null,
                null,
                request.ifExists(),
                false,
                request.batchMaxObjects(),
                request.batchMaxBytes(),
                true));
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertTrue(paused.pausedReason().startsWith("source gone: "), paused.pausedReason());
    assertEquals(0, paused.objectsFailed(), paused.toString());

    destination.intercept(null);
    Files.move(away, mount);
    resumesToAnExactEnd(wf, "unmounted-1");
  }

  @Test
  void aReadOnlySourcePausesTheDeletesOfAMove() {
    AtomicBoolean readOnly = new AtomicBoolean(true);
    source.intercept(
        (op, key) -> {
          if (op.equals("delete") && readOnly.get()) {
            throw new LocationFaultException(
                Kind.READ_ONLY, "memory src", "Read-only file system (/srv/in)", true, null);
          }
        });
    MigrationWorkflow wf = env.startMigration("ro-1", request(Mode.MOVE));
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertEquals("source read-only: Read-only file system (/srv/in)", paused.pausedReason());
    assertEquals(0, paused.objectsFailed());
    assertEquals(OBJECTS, source.size());
    readOnly.set(false);
    resume(wf, "ro-1");
    MigrationProgress done = env.result("ro-1").progress();
    assertEquals(OBJECTS, done.objectsCopied(), done.toString());
    assertEquals(OBJECTS, done.objectsDeleted(), done.toString());
    assertEquals(0, done.objectsFailed());
    assertEquals(0, source.size());
    assertTrue(destination.keys().size() == OBJECTS);
  }
}
