package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.LocationFaultException.Kind;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.synthetic.KeyShape;
import dev.ferry.activities.storage.synthetic.StoreBehaviour;
import dev.ferry.activities.storage.synthetic.SyntheticBackend;
import dev.ferry.activities.testing.Eventually;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.Histories;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.DeleteApprovalSignal;
import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Records the histories that {@link HistoryReplayTest} replays. Skipped unless the system property
 * {@code ferry.recordHistories} names the folder to write to, e.g. {@code ./mvnw -pl activities -am
 * test -Dtest=RecordHistoriesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dferry.recordHistories=$PWD/activities/src/test/resources/histories}.
 */
@Timeout(120)
class RecordHistoriesTest {
  private static MigrationRequest request(Mode mode, int maxRetries, int batch) {
    return request(mode, maxRetries, batch, "dst:b/out");
  }

  private static MigrationRequest request(
      Mode mode, int maxRetries, int batch, String destination) {
    return new MigrationRequest(
        "src:b/in",
        destination,
        mode,
        3,
        Verification.CHECKSUM,
        maxRetries,
        Duration.ofSeconds(1),
        List.of("*"),
        List.of("*.tmp"),
        IfExists.SKIP_IDENTICAL,
        false,
        batch,
        1024 * 1024,
        true);
  }

  @Test
  void record() throws Exception {
    Path out = recordingFolder();
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend source = env.backend("src:b/in", new MemoryBackend("src"));
      env.backend("dst:b/out", new MemoryBackend("dst"));
      env.backend("chk:b/out", ForwardingBackend.checkingWrites(new MemoryBackend("chk")));
      env.start();

      MigrationWorkflowTest.fill(source, 20);
      env.run("copy-checksum", request(Mode.COPY, 2, 3));
      save(env, "copy-checksum", out);

      env.run("rerun-skip-identical", request(Mode.COPY, 2, 3));
      save(env, "rerun-skip-identical", out);

      env.run("copy-receipts", request(Mode.COPY, 2, 3, "chk:b/out"));
      save(env, "copy-receipts", out);

      source.intercept(
          (op, key) -> {
            if (op.equals("open") && "dir/k013".equals(key)) {
              throw new RetryableStorageException("503 slow down");
            }
          });
      MigrationWorkflowTest.fill(source, 20);
      env.run("retries-exhausted", request(Mode.COPY, 1, 4));
      save(env, "retries-exhausted", out);
      source.intercept(null);

      env.run("move", request(Mode.MOVE, 2, 4));
      save(env, "move", out);

      MigrationWorkflowTest.fill(source, 30);
      env.run("continue-as-new", request(Mode.COPY, 2, 5).withMaxHistoryEvents(40));
      save(env, "continue-as-new", out);

      MigrationWorkflow stub =
          env.client()
              .newWorkflowStub(
                  MigrationWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId("pause-resume")
                      .setTaskQueue(FerryNames.TASK_QUEUE)
                      .build());
      BatchRequest batch = env.client().newSignalWithStartRequest();
      batch.add(stub::migrate, request(Mode.MOVE, 2, 4));
      batch.add(stub::pause, "recorded pause");
      env.client().signalWithStart(batch);
      Eventually.await(
          () -> env.stub("pause-resume").progress(), p -> p.state() == MigrationState.PAUSED);
      env.stub("pause-resume").setConcurrency(5);
      env.stub("pause-resume").resume();
      env.result("pause-resume");
      save(env, "pause-resume", out);
    }
  }

  /**
   * Records a {@code --approve-delete} move: paused for approval, a resume that does not approve,
   * then {@code approveDelete}. Run alone ({@code -Dtest=RecordHistoriesTest#recordApproveDelete})
   * to add it without recording the others again.
   */
  @Test
  void recordApproveDelete() throws Exception {
    Path out = recordingFolder();
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend source = startBetweenMemoryStores(env, 12);
      MigrationWorkflow wf =
          env.startMigration("approve-delete", request(Mode.MOVE, 2, 4).withApproveDelete(true));
      Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
      wf.resume();
      wf.approveDelete(new DeleteApprovalSignal("recorded approver"));
      env.result("approve-delete");
      save(env, "approve-delete", out);
    }
  }

  /**
   * Records a live sync: the guard pauses the first pass, {@code setMaxDelete} and {@code resume}
   * let it prune, a catch-up pass follows, then {@code cutover}. Run alone ({@code
   * -Dtest=RecordHistoriesTest#recordLiveSync}) to add it without recording the others again.
   */
  @Test
  void recordLiveSync() throws Exception {
    Path out = recordingFolder();
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend destination = startMemoryStores(env, 8).destination();
      destination.putBytes("zz/extra", "extra".getBytes(StandardCharsets.UTF_8));
      MigrationWorkflow wf =
          env.startMigration(
              "live-sync", request(Mode.SYNC, 2, 4).withPasses("0", true, Duration.ofSeconds(1)));
      Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
      wf.setMaxDelete("1");
      wf.resume();
      Eventually.await(wf::progress, p -> p.passesCompleted() >= 2);
      wf.cutover();
      env.result("live-sync");
      Thread.sleep(1_000); // the test server may still be writing the first runs' last events
      save(env, "live-sync", out);
    }
  }

  /**
   * Records a live sync whose final pass fails an object until it is corrected. The workflow pauses
   * after such a pass (before, passes followed each other at once until one ended clean). Run alone
   * ({@code -Dtest=RecordHistoriesTest#recordFailedFinalPass}).
   */
  @Test
  void recordFailedFinalPass() throws Exception {
    Path out = recordingFolder();
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend source = startBetweenMemoryStores(env, 6);
      source.intercept(
          (op, key) -> {
            if (op.equals("open") && key.equals("dir/k003")) {
              throw new PermanentStorageException("access denied");
            }
          });
      MigrationWorkflow wf =
          env.startMigration(
              "final-pass-failed",
              request(Mode.SYNC, 2, 4).withPasses("100%", true, Duration.ofSeconds(1)));
      int first = Eventually.await(wf::progress, p -> p.passesCompleted() >= 1).passesCompleted();
      wf.cutover();
      MigrationProgress held =
          Eventually.await(
              wf::progress,
              p -> p.state() == MigrationState.PAUSED || p.passesCompleted() >= first + 2);
      source.intercept(null);
      if (held.state() == MigrationState.PAUSED) {
        wf.resume();
      }
      env.result("final-pass-failed");
      Thread.sleep(1_000); // the test server may still be writing the first runs' last events
      save(env, "final-pass-failed", out);
    }
  }

  /**
   * Records a retry ({@code retryOf} in its memo) of a live sync through two passes and cutover:
   * each pass is a run, and each run hands the memo to the next. Run alone ({@code
   * -Dtest=RecordHistoriesTest#recordRetryMemo -Dferry.recordHistoriesName=NAME}) to add it.
   */
  @Test
  void recordRetryMemo() throws Exception {
    recordLiveCopy(
        System.getProperty("ferry.recordHistoriesName", "retry-memo"),
        Map.of(FerryNames.MEMO_RETRY_OF, "ferry-1"));
  }

  /**
   * Records a live copy started with the memo a client gives ({@code retryOf} and {@code
   * startedAt}), whose runs hand both on. Run alone ({@code
   * -Dtest=RecordHistoriesTest#recordStartedAtMemo}) to add it without recording the others.
   */
  @Test
  void recordStartedAtMemo() throws Exception {
    recordLiveCopy(
        "started-at-memo",
        Map.of(
            FerryNames.MEMO_RETRY_OF,
            "ferry-1",
            FerryNames.MEMO_STARTED_AT,
            "2026-12-07T12:00:00Z"));
  }

  /** Records live copy {@code id}, started with {@code memo}, through two passes and cutover. */
  private static void recordLiveCopy(String id, Map<String, Object> memo) throws Exception {
    Path out = recordingFolder();
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      startBetweenMemoryStores(env, 4);
      MigrationWorkflow wf =
          env.startMigration(
              id, request(Mode.COPY, 2, 4).withPasses(null, true, Duration.ofSeconds(1)), memo);
      Eventually.await(wf::progress, p -> p.passesCompleted() >= 2);
      wf.cutover();
      env.result(id);
      Thread.sleep(1_000); // the test server may still be writing the first runs' last events
      save(env, id, out);
    }
  }

  /**
   * Records a copy from a source that lists slowly: its listing splits into partitions listed side
   * by side, carried over continue-as-new with the ranges listed and not started. Run alone ({@code
   * -Dtest=RecordHistoriesTest#recordPartitionedListing}) to add it without recording the others.
   */
  @Test
  void recordPartitionedListing() throws Exception {
    Path out = recordingFolder();
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      env.backend(
          "src:b/in",
          SyntheticBackend.create(6_000, 4, new StoreBehaviour(KeyShape.NESTED, 10, 100, 20, 0)));
      env.backend("dst:b/out", new MemoryBackend("dst"));
      env.start();
      MigrationRequest request =
          new MigrationRequest(
                  "src:b/in",
                  "dst:b/out",
                  Mode.COPY,
                  16,
                  Verification.CHECKSUM,
                  2,
                  Duration.ofSeconds(1),
                  null,
                  null,
                  IfExists.SKIP_IDENTICAL,
                  false,
                  100,
                  1024 * 1024,
                  true)
              .withMaxHistoryEvents(400);
      // "partitioned-listing" was recorded before runs carried the ranges listed and not started.
      env.run("partitioned-listing-carry", request);
      save(env, "partitioned-listing-carry", out);
    }
  }

  /**
   * Records a copy whose range hangs on its only attempt (a store that stops answering): the
   * heartbeat timeout pauses the migration, and resume continues the range from its heartbeat. Its
   * heartbeat timeout passes in real time (about 20 s). Run alone ({@code
   * -Dtest=RecordHistoriesTest#recordStalledRange}).
   */
  @Test
  void recordStalledRange() throws Exception {
    Path out = recordingFolder();
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend destination = startMemoryStores(env, 8).destination();
      CountDownLatch answers = new CountDownLatch(1);
      AtomicInteger puts = new AtomicInteger();
      destination.intercept(
          (op, key) -> {
            if (op.equals("put") && puts.incrementAndGet() > 3 && answers.getCount() > 0) {
              try {
                answers.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          });
      MigrationWorkflow wf = env.startMigration("stalled-range", request(Mode.COPY, 0, 4));
      Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
      answers.countDown();
      destination.intercept(null);
      wf.resume();
      env.result("stalled-range");
      save(env, "stalled-range", out);
    }
  }

  /**
   * Records a copy paused by a full destination, then cancelled: the cancel drops the unfinished
   * uploads the paused ranges kept ({@code AbandonUploads}). Run alone ({@code
   * -Dtest=RecordHistoriesTest#recordCancelOfAPausedRange}).
   */
  @Test
  void recordCancelOfAPausedRange() throws Exception {
    Path out = recordingFolder();
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend destination = startMemoryStores(env, 8).destination();
      AtomicInteger puts = new AtomicInteger();
      destination.intercept(
          (op, key) -> {
            if (op.equals("put") && puts.incrementAndGet() > 3) {
              throw new LocationFaultException(
                  Kind.NO_SPACE, "memory dst", "No space left on device", true, null);
            }
          });
      MigrationWorkflow wf = env.startMigration("cancel-paused-range", request(Mode.COPY, 0, 4));
      Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED && p.inFlight() > 0);
      env.untyped("cancel-paused-range").cancel();
      Eventually.await(wf::progress, p -> p.state() == MigrationState.CANCELLED);
      save(env, "cancel-paused-range", out);
    }
  }

  /**
   * Records a copy paused because its destination bucket was gone, resumed by the bare signal (as
   * the stock CLI sends it) once the bucket exists again, empty: it looks whether the bucket is
   * empty, then copies the pass again. (The histories without the look keep their names: {@code
   * resume-after-destination-gone}.) Run alone ({@code
   * -Dtest=RecordHistoriesTest#recordResumeAfterDestinationGone}).
   */
  @Test
  void recordResumeAfterDestinationGone() throws Exception {
    Path out = recordingFolder();
    String id = "resume-after-destination-gone-into-an-empty-bucket";
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend destination = startMemoryStores(env, 8).destination();
      SideFaultPauseTest.goneAfterPuts(destination, 5);
      MigrationWorkflow wf = env.startMigration(id, request(Mode.COPY, 0, 4));
      Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED && p.inFlight() > 0);
      destination.intercept(null);
      destination.clear();
      wf.resume();
      env.result(id);
      save(env, id, out);
    }
  }

  /**
   * Records a copy an operator paused, whose bucket was emptied meanwhile: resumed, it looks at the
   * destination first and copies the pass again. Run alone ({@code
   * -Dtest=RecordHistoriesTest#recordResumeAfterAnEmptiedBucket}).
   */
  @Test
  void recordResumeAfterAnEmptiedBucket() throws Exception {
    recordResumeAfterAPause("resume-after-an-emptied-bucket", MemoryBackend::clear);
  }

  /**
   * Records a copy an operator paused, whose bucket was created again with one of its objects
   * meanwhile: resumed, it finds fewer objects in a finished range than it counted there and copies
   * the pass again. Run alone ({@code
   * -Dtest=RecordHistoriesTest#recordResumeAfterABucketCreatedAgainWithOneObject}).
   */
  @Test
  void recordResumeAfterABucketCreatedAgainWithOneObject() throws Exception {
    recordResumeAfterAPause(
        "resume-after-a-bucket-created-again-with-one-object",
        destination -> {
          String kept = destination.keys().get(0);
          byte[] bytes = destination.bytes(kept);
          destination.clear();
          destination.putBytes(kept, bytes);
        });
  }

  private void recordResumeAfterAPause(String id, Consumer<MemoryBackend> meanwhile)
      throws Exception {
    Path out = recordingFolder();
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend destination = startMemoryStores(env, 40).destination();
      destination.intercept(
          (op, key) -> {
            if (op.equals("put")) {
              SideFaultPauseTest.sleep(30); // time to pause between the ranges
            }
          });
      MigrationWorkflow wf = env.startMigration(id, request(Mode.COPY, 0, 4));
      Eventually.await(wf::progress, p -> p.objectsCopied() >= 4);
      wf.pause("maintenance");
      Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
      Thread.sleep(500); // the activities running at the pause end
      meanwhile.accept(destination);
      destination.intercept(null);
      wf.resume();
      env.result(id);
      save(env, id, out);
    }
  }

  /**
   * Records a sync whose pass spans several runs: each run carries the deletes its guard holds to
   * the next, the pass's end pauses at the limit, and a raised limit lets them go. Run alone
   * ({@code -Dtest=RecordHistoriesTest#recordGuardOverRuns}).
   */
  @Test
  void recordGuardOverRuns() throws Exception {
    Path out = recordingFolder();
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend destination = startMemoryStores(env, 12).destination();
      MigrationWorkflowTest.fill(destination, 12);
      for (int i = 0; i < 6; i++) {
        destination.putBytes(String.format("dir/k%03db", 2 * i), new byte[] {1});
      }
      MigrationWorkflow wf =
          env.startMigration(
              "guard-over-runs",
              request(Mode.SYNC, 2, 3)
                  .withPasses("5", false, Duration.ofSeconds(1))
                  .withMaxHistoryEvents(40));
      Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
      wf.setMaxDelete("6");
      wf.resume();
      env.result("guard-over-runs");
      save(env, "guard-over-runs", out);
    }
  }

  /**
   * Starts {@code env} between an in-memory source of {@code objects} objects ({@code src:b/in})
   * and an empty in-memory destination ({@code dst:b/out}); the source.
   */
  private static MemoryBackend startBetweenMemoryStores(MigrationTestEnv env, int objects) {
    return startMemoryStores(env, objects).source();
  }

  /** As {@link #startBetweenMemoryStores}; both stores. */
  private static MemoryStores startMemoryStores(MigrationTestEnv env, int objects) {
    MemoryBackend source = env.backend("src:b/in", new MemoryBackend("src"));
    MemoryBackend destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();
    MigrationWorkflowTest.fill(source, objects);
    return new MemoryStores(source, destination);
  }

  private record MemoryStores(MemoryBackend source, MemoryBackend destination) {}

  /**
   * Records a live sync whose final pass the max-delete guard paused, resumed with a raised limit:
   * a second final pass follows. Run alone ({@code
   * -Dtest=RecordHistoriesTest#recordGuardPausedFinalPass -Dferry.recordHistoriesName=NAME}).
   */
  @Test
  void recordGuardPausedFinalPass() throws Exception {
    Path out = recordingFolder();
    String id = System.getProperty("ferry.recordHistoriesName", "final-pass-guard");
    try (MigrationTestEnv env = new MigrationTestEnv()) {
      MemoryBackend source = startBetweenMemoryStores(env, 10);
      MigrationWorkflow wf =
          env.startMigration(
              id, request(Mode.SYNC, 2, 4).withPasses(null, true, Duration.ofHours(1)));
      Eventually.await(wf::progress, p -> p.passesCompleted() >= 1);
      source.delete(source.keys().subList(0, 5));
      wf.cutover();
      Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
      MigrationWorkflowTest.fill(source, 10);
      wf.setMaxDelete("100%");
      wf.resume();
      env.result(id);
      Thread.sleep(1_000); // the test server may still be writing the first runs' last events
      save(env, id, out);
    }
  }

  /** The folder {@code -Dferry.recordHistories} names, created; the test is skipped without. */
  private static Path recordingFolder() throws IOException {
    String folder = System.getProperty("ferry.recordHistories");
    assumeTrue(folder != null && !folder.isBlank(), "set -Dferry.recordHistories to record");
    return Files.createDirectories(Path.of(folder));
  }

  /** Writes every run of {@code id} as {@code <id>-run<N>.json}. */
  private static void save(MigrationTestEnv env, String id, Path out) throws IOException {
    List<WorkflowExecutionHistory> runs = Histories.runs(env.client(), id);
    for (int i = 0; i < runs.size(); i++) {
      Files.writeString(
          out.resolve(id + "-run" + (i + 1) + ".json"),
          runs.get(i).toJson(true),
          StandardCharsets.UTF_8);
    }
  }
}
