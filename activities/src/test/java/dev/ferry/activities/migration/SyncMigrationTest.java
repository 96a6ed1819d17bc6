package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.report.ReportLine;
import dev.ferry.activities.report.ReportParts;
import dev.ferry.activities.report.ReportReader;
import dev.ferry.activities.report.ReportTotals;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.testing.Eventually;
import dev.ferry.activities.testing.Histories;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.DeleteApprovalSignal;
import dev.ferry.workflows.FailuresPage;
import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import dev.ferry.workflows.Verification;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mode sync}, its {@code --max-delete} guard, and {@code --live} passes to cutover. */
@Timeout(120)
class SyncMigrationTest {
  private MigrationTestEnv env;
  private MemoryBackend source;
  private MemoryBackend destination;

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
    source = env.backend("src:b/in", new MemoryBackend("src"));
    destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /** Three objects per range, two ranges at once. */
  private static MigrationRequest sync(String maxDelete, boolean live, boolean dryRun) {
    return sync(maxDelete, live, dryRun, List.of());
  }

  private static MigrationRequest sync(
      String maxDelete, boolean live, boolean dryRun, List<String> exclude) {
    return new MigrationRequest(
            "src:b/in",
            "dst:b/out",
            Mode.SYNC,
            2,
            Verification.CHECKSUM,
            2,
            Duration.ofSeconds(1),
            null,
            exclude,
            IfExists.SKIP_IDENTICAL,
            dryRun,
            3,
            1 << 20,
            true)
        .withPasses(maxDelete, live, Duration.ofSeconds(1));
  }

  private static void put(MemoryBackend backend, String key, String value) {
    backend.putBytes(key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Destination objects the source lacks: before, between and after the source's keys. */
  private void putExtras() {
    put(destination, "a-first", "extra");
    put(destination, "dir/k0015", "extra");
    put(destination, "dir/k0015b", "extra");
    put(destination, "zz/last", "extra");
    put(destination, "zz/last2", "extra");
  }

  @Test
  void deletesWhatTheSourceNoLongerHasAndKeepsTheRest() {
    MigrationWorkflowTest.fill(source, 10);
    putExtras();
    List<String> sourceKeys = source.keys();

    MigrationReport report = env.run("sync-1", sync("100%", false, false));

    MigrationProgress p = report.progress();
    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(10, p.objectsCopied());
    assertEquals(5, p.objectsDeleted());
    assertEquals(sourceKeys, destination.keys());
    assertEquals(sourceKeys, source.keys(), "a sync never touches the source");
    assertEquals(1, p.passesCompleted());
  }

  /**
   * A delete request refused whole for a passing reason (a GCS batch answered 500) is asked again
   * key by key within the attempt: each delete counted once, none named as failed.
   */
  @Test
  void aBatchOfDeletesRefusedWholeOnceIsAskedAgain() {
    MigrationWorkflowTest.fill(source, 10);
    putExtras();
    AtomicInteger refusals = new AtomicInteger();
    destination.intercept(
        (op, key) -> {
          // The prune's first request is refused whole: no key of it is deleted.
          if (op.equals("delete")
              && !key.startsWith(PreflightActivityImpl.PROBE_PREFIX)
              && refusals.getAndIncrement() == 0) {
            throw new RetryableStorageException("memory dst: delete: HTTP 500 Internal Error");
          }
        });

    MigrationProgress p = env.run("sync-refused", sync("100%", false, false)).progress();

    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(5, p.objectsDeleted(), p.toString());
    assertEquals(0, p.lastPass().failed(), p.toString());
    assertEquals(source.keys(), destination.keys());
    assertTrue(refusals.get() >= 2, "refused, then asked again");
  }

  /**
   * Delete requests refused whole on every attempt while the store still lists: each key is named
   * with the store's words, where the whole range was (a GCS batch answered 500 in an audit).
   */
  @Test
  void deletesRefusedWholeOnEveryAttemptAreNamedKeyByKey() {
    MigrationWorkflowTest.fill(source, 10);
    putExtras();
    destination.intercept(
        (op, key) -> {
          if (op.equals("delete") && !key.startsWith(PreflightActivityImpl.PROBE_PREFIX)) {
            throw new RetryableStorageException("memory dst: delete: HTTP 500 Internal Error");
          }
        });

    MigrationWorkflow wf = env.startMigration("sync-refused-all", sync("100%", false, false));
    MigrationProgress p = env.result("sync-refused-all").progress();

    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(0, p.objectsDeleted(), p.toString());
    assertEquals(5, p.lastPass().failed(), p.toString());
    List<String> named = new ArrayList<>();
    for (ObjectFailure f : wf.failures(0, 100).failures()) {
      named.add(f.key());
      assertTrue(f.message().contains("HTTP 500 Internal Error"), f.toString());
    }
    Collections.sort(named);
    assertEquals(List.of("a-first", "dir/k0015", "dir/k0015b", "zz/last", "zz/last2"), named);
  }

  @Test
  void aPassThatWouldDeleteTooMuchPausesAndDeletesNothingUntilTheLimitIsRaised() {
    MigrationWorkflowTest.fill(source, 10);
    MigrationWorkflowTest.fill(destination, 10);
    putExtras();
    MigrationWorkflow wf = env.startMigration("sync-guard", sync(null, false, false));

    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertTrue(
        paused.pausedReason().startsWith("would delete 5 objects, limit 10% of 15"),
        paused.pausedReason());
    assertTrue(
        paused.pausedReason().contains("(ferry set-max-delete sync-guard N)"),
        paused.pausedReason());
    assertEquals(15, destination.size(), "nothing deleted while over the limit");

    wf.resume();
    MigrationProgress again =
        Eventually.await(
            wf::progress, p -> p.state() == MigrationState.PAUSED && p.pausedReason() != null);
    assertTrue(again.pausedReason().startsWith("would delete 5"), "resume alone checks again");
    assertEquals(15, destination.size());

    assertEquals("5", wf.setMaxDelete("5"));
    wf.resume();
    MigrationProgress done = env.result("sync-guard").progress();
    assertEquals(MigrationState.COMPLETED, done.state());
    assertEquals(5, done.objectsDeleted());
    assertEquals(source.keys(), destination.keys());
  }

  /**
   * A pass longer than one run of history: each run hands over the deletes its guard holds to the
   * next, unchecked, so the pass's count is checked against the limit once, at its end. Before, an
   * audit's sync with --max-delete 999 deleted 915 objects run by run before pausing at 1,000.
   */
  @Test
  void aPassOverManyRunsDeletesNothingBeforeItsWholeCountIsChecked() {
    MigrationWorkflowTest.fill(source, 30);
    MigrationWorkflowTest.fill(destination, 30);
    for (int i = 0; i < 12; i++) {
      put(destination, String.format("dir/k%03db", 2 * i), "extra"); // spread over the ranges
    }
    MigrationWorkflow wf =
        env.startMigration("sync-runs", sync("11", false, false).withMaxHistoryEvents(40));

    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertTrue(
        paused.pausedReason().startsWith("would delete 12 objects, limit 11"),
        paused.pausedReason());
    assertEquals(42, destination.size(), "nothing deleted while over the limit");
    assertEquals(0, paused.objectsDeleted());
    assertTrue(
        Histories.runs(env.client(), "sync-runs").size() > 1, "the pass spanned several runs");

    assertEquals("12", wf.setMaxDelete("12"));
    wf.resume();
    MigrationProgress done = env.result("sync-runs").progress();
    assertEquals(MigrationState.COMPLETED, done.state());
    assertEquals(12, done.objectsDeleted());
    assertEquals(source.keys(), destination.keys());
  }

  @Test
  void withApproveDeleteTheDeletesWaitForApprovalAfterTheGuard() {
    MigrationWorkflowTest.fill(source, 10);
    putExtras();
    MigrationWorkflow wf =
        env.startMigration("sync-approve", sync("100%", false, false).withApproveDelete(true));

    MigrationProgress waiting =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertEquals(
        "awaiting delete approval: 5 destination objects the source no longer has",
        waiting.pausedReason());
    assertEquals(15, destination.size(), "nothing deleted before approval");
    wf.resume();
    assertEquals(MigrationState.PAUSED, wf.progress().state(), "resume does not approve");

    wf.approveDelete(new DeleteApprovalSignal("carol"));
    MigrationProgress done = env.result("sync-approve").progress();
    assertEquals(5, done.objectsDeleted());
    assertEquals("carol", done.deleteApprovedBy());
    assertEquals(source.keys(), destination.keys());
  }

  @Test
  void betweenPassesPauseHoldsTheNextPassAndCancelEndsTheMigration() throws Exception {
    MigrationWorkflowTest.fill(source, 4);
    MigrationWorkflow wf = env.startMigration("sync-between", sync(null, true, false));
    Eventually.await(wf::progress, p -> p.passesCompleted() >= 1);

    wf.pause("between passes");
    MigrationProgress paused =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    Thread.sleep(2_500); // more than the interval: no pass starts while paused
    MigrationProgress still = wf.progress();
    assertEquals(MigrationState.PAUSED, still.state());
    assertTrue(still.pass() <= paused.pass() + 1, still.toString());
    assertEquals(paused.passesCompleted(), still.passesCompleted(), still.toString());

    wf.resume();
    Eventually.await(wf::progress, p -> p.passesCompleted() > still.passesCompleted());
    env.untyped("sync-between").cancel();
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> env.result("sync-between"));
    assertInstanceOf(CanceledFailure.class, e.getCause());
  }

  @Test
  void aDryRunCountsTheDeletesAndDeletesNothing() {
    MigrationWorkflowTest.fill(source, 4);
    putExtras();
    MigrationProgress p = env.run("sync-dry", sync(null, false, true)).progress();
    assertEquals(5, p.objectsDeleted());
    assertTrue(p.dryRun());
    assertEquals(0, destination.deleteCount());
    assertEquals(5, destination.size());
  }

  @Test
  void anExtraWrittenAgainAfterThePruneListedItIsKept() {
    MigrationWorkflowTest.fill(source, 4);
    putExtras();
    destination.intercept(
        (op, key) -> {
          if (op.equals("stat")
              && "zz/last".equals(key)
              && "PruneRange".equals(MigrationRetryTest.activityType())) {
            put(destination, "zz/last", "an application's new write");
          }
        });
    MigrationProgress p = env.run("sync-late-write", sync("100%", false, false)).progress();
    assertEquals(4, p.objectsDeleted(), p.toString());
    assertEquals(1, p.objectsKept(), p.toString());
    assertEquals(0, p.objectsFailed(), p.toString());
    assertEquals(
        "an application's new write",
        new String(destination.bytes("zz/last"), StandardCharsets.UTF_8));
  }

  @Test
  void anExtraWrittenAgainAfterCopyListedItIsKeptCountedAndReported() {
    MigrationWorkflowTest.fill(source, 4);
    putExtras();
    AtomicBoolean written = new AtomicBoolean();
    destination.intercept(
        (op, key) -> {
          if (op.equals("list")
              && "PruneRange".equals(MigrationRetryTest.activityType())
              && written.compareAndSet(false, true)) {
            put(destination, "a-first", "an application's new write");
          }
        });
    env.backend("rep:r", new MemoryBackend("rep-root"));
    MemoryBackend reportStore =
        env.backend(ReportParts.location("rep:r", "sync-written"), new MemoryBackend("rep"));
    MigrationProgress p =
        env.run("sync-written", sync("100%", false, false).withReport("rep:r")).progress();

    assertEquals(4, p.objectsDeleted(), p.toString());
    assertEquals(1, p.objectsKept(), p.toString());
    assertEquals(
        List.of("a-first"),
        destination.keys().stream().filter(k -> !source.keys().contains(k)).toList());
    ReportReader report = ReportReader.of(reportStore);
    assertEquals(1, report.totals().kept());
    try (Stream<ReportLine> lines = report.lines()) {
      ReportLine kept =
          lines.filter(l -> ReportLine.KEPT.equals(l.action())).findFirst().orElseThrow();
      assertEquals("a-first", kept.key());
      assertEquals(ReportLine.PRUNE, kept.step());
      assertEquals("DESTINATION_CHANGED", kept.reason());
      assertEquals(destination.stat("a-first").orElseThrow().etag(), kept.destinationEtag());
    }
  }

  @Test
  void anExcludeWithSlashKeepsWhatItNamesAtAnyDepthAsRcloneDoes() {
    MigrationWorkflowTest.fill(source, 4);
    put(destination, "cache/x", "extra");
    put(destination, "dir/cache/old", "extra");
    put(destination, "zz/last", "extra");
    MigrationRequest excluding =
        sync("100%", false, false, List.of("cache/**")).withRcloneGlobs(true);

    MigrationProgress p = env.run("sync-exclude", excluding).progress();

    // rclone sync --exclude 'cache/**' leaves dir/cache/old too; the rule before deleted it.
    assertEquals(1, p.objectsDeleted(), p.toString());
    assertTrue(destination.keys().containsAll(List.of("cache/x", "dir/cache/old")));
    assertFalse(destination.keys().contains("zz/last"));
  }

  @Test
  void aDryRunSaysWhetherTheRealSyncWouldPauseAtTheLimit() {
    MigrationWorkflowTest.fill(source, 4);
    putExtras();
    MigrationProgress over = env.run("sync-dry-over", sync(null, false, true)).progress();
    assertEquals(
        "the real sync would pause before deleting: 5 deletes, --max-delete 10% of 5 destination"
            + " objects = 0",
        over.wouldPause());

    MigrationProgress within = env.run("sync-dry-within", sync("5", false, true)).progress();
    assertEquals(5, within.objectsDeleted());
    assertNull(within.wouldPause());
    assertEquals(0, destination.deleteCount());
  }

  @Test
  void liveCatchUpPassesMoveOnlyChangesUntilCutover() {
    MigrationWorkflowTest.fill(source, 6);
    MigrationWorkflow wf = env.startMigration("sync-live", sync("100%", true, false));

    MigrationProgress first = Eventually.await(wf::progress, p -> p.passesCompleted() >= 1);
    assertEquals(6, first.lastPass().objectsChanged());
    assertTrue(first.live());

    int before = wf.progress().passesCompleted();
    put(source, "dir/new", "new object");
    put(source, "dir/k001", "changed bytes");
    source.delete(List.of("dir/k002"));
    // The test server skips the timers between passes, so passes follow each other fast: wait for
    // one that began after the changes and found nothing left to do.
    MigrationProgress quiet =
        Eventually.await(wf::progress, p -> p.passesCompleted() >= before + 2 && p.converged());
    assertEquals(0, quiet.lastPass().objectsChanged());
    assertEquals(source.keys(), destination.keys(), "a catch-up pass moved the changes");

    wf.cutover();
    MigrationReport report = env.result("sync-live");
    assertEquals(MigrationState.COMPLETED, report.progress().state());
    assertNotNull(report.message());
    assertTrue(report.message().startsWith("cutover complete"), report.message());
    assertEquals(source.keys(), destination.keys());
    for (String key : source.keys()) {
      assertEquals(
          new String(source.bytes(key), StandardCharsets.UTF_8),
          new String(destination.bytes(key), StandardCharsets.UTF_8),
          key);
    }
  }

  @Test
  void everyPassKeepsTheMemoOfARetry() {
    MigrationWorkflowTest.fill(source, 3);
    MigrationWorkflow wf =
        env.startMigration(
            "sync-retry", sync("100%", true, false), Map.of(FerryNames.MEMO_RETRY_OF, "ferry-1"));
    // Each pass is a run of its own (continue-as-new).
    Eventually.await(wf::progress, p -> p.passesCompleted() >= 2);
    WorkflowExecutionDescription latest = env.untyped("sync-retry").describe();
    assertNotEquals(
        latest.getExecution().getRunId(), latest.getFirstRunId(), "the migration continued as new");
    assertEquals("ferry-1", latest.getMemo(FerryNames.MEMO_RETRY_OF, String.class));
    wf.cutover();
    assertEquals(MigrationState.COMPLETED, env.result("sync-retry").progress().state());
  }

  @Test
  void aFinalPassThatFailsPausesNamingItsFailuresUntilResumed() {
    MigrationWorkflowTest.fill(source, 6);
    source.intercept(
        (op, key) -> {
          if (op.equals("open") && key.equals("dir/k003")) {
            throw new PermanentStorageException("access denied");
          }
        });
    MigrationWorkflow wf = env.startMigration("sync-final-fails", sync("100%", true, false));
    Eventually.await(wf::progress, p -> p.passesCompleted() >= 1);

    wf.cutover();
    // Before: final passes followed each other at once, forever, and named no failure.
    MigrationProgress held =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertTrue(held.pausedReason().startsWith("final pass "), held.pausedReason());
    assertTrue(
        held.pausedReason().contains("failed 1 object; 'ferry failures sync-final-fails'"),
        held.pausedReason());
    FailuresPage failures = wf.failures(0, 10);
    assertEquals("dir/k003", failures.failures().get(0).key(), failures.toString());
    int passes = held.passesCompleted();
    assertEquals(passes, wf.progress().passesCompleted(), "no pass runs while it is held");

    source.intercept(null);
    wf.resume();
    MigrationReport report = env.result("sync-final-fails");
    assertTrue(report.message().startsWith("cutover complete"), report.message());
    assertEquals(passes + 1, report.progress().passesCompleted());
    assertEquals(source.keys(), destination.keys());
  }

  /**
   * A final pass that the max-delete guard paused is no proof: the operator mends the source while
   * it waits, after the pass listed it. An audit restored an emptied prefix with some files
   * changed, raised the limit and resumed: "cutover complete: the destination matched the source"
   * while 59 objects held old bytes. Another final pass now lists both sides again.
   */
  @Test
  void aFinalPassTheGuardPausedIsFollowedByAnotherFinalPass() {
    MigrationWorkflowTest.fill(source, 10);
    MigrationRequest live = sync(null, false, false).withPasses(null, true, Duration.ofHours(1));
    MigrationWorkflow wf = env.startMigration("sync-final-guard", live);
    Eventually.await(wf::progress, p -> p.passesCompleted() >= 1);
    List<String> emptied = source.keys().subList(0, 5);
    for (String key : List.copyOf(emptied)) {
      source.delete(List.of(key)); // a prefix emptied by mistake, the usual cause
    }

    wf.cutover(); // the final pass starts at once
    MigrationProgress held =
        Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    assertTrue(held.pausedReason().startsWith("would delete 5 objects"), held.pausedReason());
    assertTrue(held.finalPass());
    MigrationWorkflowTest.fill(source, 10); // restored from a backup...
    put(source, "dir/k001", "changed while the pass waited"); // ...with a change since
    assertEquals("100%", wf.setMaxDelete("100%"));
    wf.resume();

    MigrationReport report = env.result("sync-final-guard");
    assertTrue(report.message().startsWith("cutover complete"), report.message());
    assertEquals(3, report.progress().passesCompleted(), "a second final pass");
    assertEquals(source.keys(), destination.keys());
    for (String key : source.keys()) {
      assertArrayEquals(source.bytes(key), destination.bytes(key), key);
    }
  }

  /**
   * Each pass of a live migration keeps its report in a folder of its own, and the last pass's is
   * the proof: every object once, its totals those of the pass. Before, the passes' parts replaced
   * and mixed with each other: an audit's 12-pass sync read "3129 copied, 18144 skipped" for 2,358
   * objects, and a 2-pass run's first copies were gone.
   */
  @Test
  void everyPassOfALiveMigrationKeepsAReportOfItsOwn(@TempDir Path tmp) {
    MigrationWorkflowTest.fill(source, 6);
    Path root = tmp.resolve("rep");
    env.backend("rep:r", FileSystemBackend.create(root));
    env.backend("rep:r/sync-passes", FileSystemBackend.create(root.resolve("sync-passes")));
    for (int pass = 1; pass <= 30; pass++) {
      env.backend(
          ReportParts.location("rep:r", "sync-passes", pass),
          FileSystemBackend.create(root.resolve("sync-passes").resolve("pass-" + pass)));
    }
    MigrationWorkflow wf =
        env.startMigration("sync-passes", sync("100%", true, false).withReport("rep:r"));
    Eventually.await(wf::progress, p -> p.passesCompleted() >= 1);
    put(source, "dir/k001", "changed bytes");
    int before = wf.progress().passesCompleted();
    Eventually.await(wf::progress, p -> p.passesCompleted() >= before + 2 && p.converged());
    wf.cutover();
    MigrationProgress last = env.result("sync-passes").progress();

    int lastPass = ReportParts.lastPass(FileSystemBackend.create(root.resolve("sync-passes")));
    assertEquals(last.pass(), lastPass);
    ReportReader proof =
        ReportReader.of(FileSystemBackend.create(root.resolve("sync-passes/pass-" + lastPass)));
    ReportTotals totals = proof.totals();
    assertEquals(
        List.of(last.objectsCopied(), last.objectsSkipped(), last.objectsFailed()),
        List.of(totals.copied(), totals.skipped(), totals.failed()));
    assertEquals(6, totals.skipped(), "the final pass checked every object");
    ReportTotals first =
        ReportReader.of(FileSystemBackend.create(root.resolve("sync-passes/pass-1"))).totals();
    assertEquals(6, first.copied(), "the first pass's copies are still there");
    assertTrue(lastPass >= 4, "passes: " + lastPass);
    for (int pass = 2; pass < lastPass - 1; pass++) {
      Path folder = root.resolve("sync-passes/pass-" + pass);
      assertTrue(ReportReader.of(FileSystemBackend.create(folder)).isEmpty(), "kept " + folder);
    }
    assertFalse(
        ReportReader.of(
                FileSystemBackend.create(root.resolve("sync-passes/pass-" + (lastPass - 1))))
            .isEmpty(),
        "the pass before the last is kept");
  }

  /**
   * An object deleted at the source after a live pass listed it, before it was read, leaves that
   * pass's totals, as the README says; the next pass deals with it. Before, an audit's pass 1
   * counted it failed (NOT_FOUND).
   */
  @Test
  void anObjectDeletedAtTheSourceDuringALivePassLeavesItsTotals() {
    MigrationWorkflowTest.fill(source, 6);
    AtomicBoolean deleted = new AtomicBoolean();
    source.intercept(
        (op, key) -> {
          if (op.equals("open") && key.equals("dir/k003") && !deleted.getAndSet(true)) {
            source.delete(List.of(key));
            throw new NotFoundException("dir/k003 not found");
          }
        });
    MigrationWorkflow wf =
        env.startMigration(
            "sync-vanished", sync("100%", true, false).withPasses(null, true, Duration.ofHours(1)));

    MigrationProgress first = Eventually.await(wf::progress, p -> p.passesCompleted() >= 1);
    assertEquals(0, first.lastPass().failed(), first.toString());
    assertEquals(5, first.lastPass().objectsChanged(), first.toString());
    wf.cutover();
    MigrationProgress last = env.result("sync-vanished").progress();
    assertEquals(0, last.objectsFailed());
    assertEquals(source.keys(), destination.keys());
  }
}
