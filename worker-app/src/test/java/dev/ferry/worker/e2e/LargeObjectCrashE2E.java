package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ferry.worker.e2e.LargeObjectRig.Side;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Scenario 9: one large object survives kill -9 of its worker mid-upload by resuming, not by
 * starting over: after a kill at 70 % the retry sends at most 40 % of the object, five kills cost
 * at most 1.5 times the object, the result is byte-exact, and no unfinished multipart upload or
 * temporary file is left. The bytes sent are counted by a proxy in front of the destination and the
 * result read back with the MinIO client or from the file, never through ferry.
 *
 * <p>Each case runs on its own versitygw servers (one per S3 side: no server-side copy) and deletes
 * their data when it ends. Sizes: 2 GiB per one-kill case, 4 GiB for five kills (peak disk about 3
 * times the object while a case runs); override with {@code -Dferry.e2e.largeObjectBytes} and
 * {@code -Dferry.e2e.fiveKillsObjectBytes} for a quick look. Every kill costs the heartbeat timeout
 * (20 s) before a retry starts.
 */
@Order(9)
@ExtendWith(E2EExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LargeObjectCrashE2E {
  static final long OBJECT_BYTES = Long.getLong("ferry.e2e.largeObjectBytes", 2L << 30);
  static final long FIVE_KILLS_OBJECT_BYTES =
      Long.getLong("ferry.e2e.fiveKillsObjectBytes", 4L << 30);
  private static final double KILL_AT = 0.70;
  private static final double MOST_AFTER_ONE_KILL = 0.40;
  private static final double MOST_FOR_FIVE_KILLS = 1.5;
  private static final int KILLS = 5;

  /**
   * Each of the five kills comes after a seeded random 11 to 18 % more of the object has been sent:
   * all five fit into one upload that resumes (at most 90 %), and an upload that starts over
   * re-sends at least 55 % in all, so the 1.5 bound tells the two apart whatever the seed.
   */
  private static final double FIRST_STEP = 0.11;

  private static final double LAST_STEP = 0.18;
  private static final long DATA_SEED = 20261216L;
  private static final Duration TO_KILL = Duration.ofMinutes(5);
  private static final Duration TO_RETRY = Duration.ofMinutes(3);
  private static final Duration TO_END = Duration.ofMinutes(15);

  @Test
  @Order(1)
  void s3ToS3ResumesAfterKill9At70Percent(E2EEnvironment env) {
    try (LargeObjectRig rig = LargeObjectRig.start(env, "large-s3-s3", Side.S3, Side.S3)) {
      String sha = rig.writeSource(new SeededObject(OBJECT_BYTES, DATA_SEED));
      OneKill run = killOnce(rig, "e2e-large-s3-s3", () -> {});
      assertResumed("scenario 9a (large object, S3 -> S3, one kill)", rig, run, sha);
    }
  }

  @Test
  @Order(2)
  void fileToS3ResumesAfterKill9At70Percent(E2EEnvironment env) {
    try (LargeObjectRig rig = LargeObjectRig.start(env, "large-fs-s3", Side.FILESYSTEM, Side.S3)) {
      String sha = rig.writeSource(new SeededObject(OBJECT_BYTES, DATA_SEED + 1));
      OneKill run = killOnce(rig, "e2e-large-fs-s3", () -> {});
      assertResumed("scenario 9b (large object, filesystem -> S3, one kill)", rig, run, sha);
    }
  }

  /**
   * A filesystem destination has no request to count (and a resume re-reads the source's prefix to
   * rebuild the MD5, so source bytes say nothing either): the case checks the result and the
   * leftovers, and reports how long the retry took against a full copy at the first attempt's rate.
   */
  @Test
  @Order(3)
  void s3ToFileResumesAfterKill9At70Percent(E2EEnvironment env) {
    try (LargeObjectRig rig = LargeObjectRig.start(env, "large-s3-fs", Side.S3, Side.FILESYSTEM)) {
      String sha = rig.writeSource(new SeededObject(OBJECT_BYTES, DATA_SEED + 2));
      OneKill run = killOnce(rig, "e2e-large-s3-fs", () -> {});
      String digest = rig.destinationSha256();
      List<String> leftovers = rig.leftovers();
      E2EReport.line(
          "scenario 9c (large object, S3 -> filesystem, one kill): %s; exact %s, temporary files"
              + " left %s",
          run.describe(false), sha.equals(digest), leftovers);
      assertAll(
          exact(sha, digest),
          completed(run.report()),
          () -> assertEquals(List.of(), leftovers, "temporary files left under the destination"));
    }
  }

  /**
   * The source object is overwritten (same size, other bytes) while no worker runs: a retry that
   * resumed the old upload would join the old prefix to the new rest. The result must be the new
   * object, and the dead upload must be gone.
   */
  @Test
  @Order(4)
  void changedSourceIsCopiedWholeAfterKill9(E2EEnvironment env) {
    try (LargeObjectRig rig = LargeObjectRig.start(env, "large-changed", Side.S3, Side.S3)) {
      rig.writeSource(new SeededObject(OBJECT_BYTES, DATA_SEED + 3));
      String[] sha = new String[1];
      OneKill run =
          killOnce(
              rig,
              "e2e-large-changed",
              () -> sha[0] = rig.writeSource(new SeededObject(OBJECT_BYTES, DATA_SEED + 4)));
      String digest = rig.destinationSha256();
      List<String> leftovers = rig.leftovers();
      E2EReport.line(
          "scenario 9d (large object, source overwritten after the kill): %s; equals the new"
              + " source %s, unfinished uploads left %s",
          run.describe(true), sha[0].equals(digest), leftovers);
      assertAll(
          () -> assertEquals(sha[0], digest, "destination is not the new source's bytes"),
          () -> assertEquals(List.of(), leftovers, "unfinished uploads left at the destination"));
    }
  }

  @Test
  @Order(5)
  void fiveKill9sCostAtMostOneAndAHalfObjects(E2EEnvironment env) {
    long seed = Long.getLong("ferry.e2e.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    long size = FIVE_KILLS_OBJECT_BYTES;
    try (LargeObjectRig rig = LargeObjectRig.start(env, "large-five", Side.S3, Side.S3)) {
      String sha = rig.writeSource(new SeededObject(size, DATA_SEED + 5));
      long started = System.nanoTime();
      // Six attempts would be just enough for five kills; leave room for one more failure.
      Migration m = rig.start("e2e-large-five-kills", "--max-retries", "10");
      List<String> kills = new ArrayList<>();
      for (int kill = 1; kill <= KILLS; kill++) {
        long from = rig.destinationProgress();
        long step = (long) (size * (FIRST_STEP + (LAST_STEP - FIRST_STEP) * random.nextDouble()));
        Waits.until(
            "the worker to send "
                + step
                + " more bytes before kill "
                + kill
                + " (seed "
                + seed
                + ")",
            TO_KILL,
            Duration.ofMillis(10),
            () -> rig.destinationProgress() >= from + step);
        assertFalse(
            rig.objectAtDestination(),
            "the object was complete before kill " + kill + " (seed " + seed + ")");
        rig.worker().kill9();
        kills.add(String.format(Locale.ROOT, "%.0f %%", 100.0 * rig.destinationProgress() / size));
        rig.worker().restart();
      }
      MigrationReport report = m.awaitReport(TO_END);
      double seconds = (System.nanoTime() - started) / 1e9;
      long total = rig.destinationProgress();
      String digest = rig.destinationSha256();
      List<String> leftovers = rig.leftovers();
      String measured =
          String.format(
              Locale.ROOT,
              "%d bytes sent for a %d-byte object (%.2f times), kills at %s of the object sent"
                  + " (seed %d), %.1f s",
              total,
              size,
              (double) total / size,
              kills,
              seed,
              seconds);
      E2EReport.line(
          "scenario 9e (large object, S3 -> S3, five kills): %s; exact %s, unfinished uploads"
              + " left %s",
          measured, sha.equals(digest), leftovers);
      assertAll(
          exact(sha, digest),
          completed(report),
          () ->
              assertTrue(
                  total <= MOST_FOR_FIVE_KILLS * size,
                  "more than 1.5 times the object sent over five kills: " + measured),
          () ->
              assertEquals(
                  List.of(),
                  leftovers,
                  "unfinished uploads left at the destination (seed " + seed + ")"));
    }
  }

  /**
   * A migration cancelled in the middle of a large object: the live worker's copy learns of it at
   * its next heartbeat and aborts the upload, as no attempt will continue it. The object is the
   * five-kill one, so that the upload is still running when the cancellation reaches the worker (a
   * ferry worker sends heartbeats, and learns of cancellations, at most every 2 s; with the SDK's
   * default of 16 s the copy finished the object first).
   */
  @Test
  @Order(6)
  void cancelMidObjectLeavesNoUnfinishedUpload(E2EEnvironment env) {
    long size = FIVE_KILLS_OBJECT_BYTES;
    try (LargeObjectRig rig = LargeObjectRig.start(env, "large-cancel", Side.S3, Side.S3)) {
      rig.writeSource(new SeededObject(size, DATA_SEED + 6));
      Migration m = rig.start("e2e-large-cancel");
      Waits.until(
          "the destination to reach 10 % of the object",
          TO_KILL, Duration.ofMillis(10), () -> rig.destinationProgress() >= size / 10);
      rig.cancel(m.id());
      Waits.until(
          "the migration to end",
          TO_END,
          Duration.ofMillis(200),
          () -> m.status() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      long sent = rig.destinationProgress();
      boolean complete = rig.objectAtDestination();
      List<String> leftovers = rig.leftovers();
      E2EReport.line(
          "scenario 9f (large object, cancelled at 10 %%): %s after %.0f %% of the object sent;"
              + " object at the destination %s, unfinished uploads left %s",
          m.status(), 100.0 * sent / size, complete, leftovers);
      assertAll(
          () ->
              assertEquals(
                  WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
                  m.status(),
                  "status after cancel"),
          () -> assertFalse(complete, "the object was completed before the cancellation arrived"),
          () -> assertEquals(List.of(), leftovers, "unfinished uploads left at the destination"));
    }
  }

  /**
   * A range whose only attempt ({@code --max-retries 0}) lost its worker to kill -9 mid-object
   * stalls, and the migration pauses keeping the unfinished upload for a resume. Cancelled instead,
   * the migration drops that upload: no resume will continue it. Before, it stayed (and was billed)
   * until {@code ferry uploads --abort}.
   */
  @Test
  @Order(7)
  void cancelOfAStalledRangeDropsTheUploadItKept(E2EEnvironment env) {
    killThenCancel(env, "large-stall", 7, true, "9g (large object, its range stalled and paused)");
  }

  /**
   * A migration cancelled while its only worker is dead (kill -9 mid-object): the copy cannot hear
   * the cancel, so the server ends it at the heartbeat timeout; the restarted worker then drops the
   * unfinished upload the dead one began, named in its last heartbeat. Before, it stayed.
   */
  @Test
  @Order(8)
  void cancelWhileTheWorkerIsDeadDropsItsUpload(E2EEnvironment env) {
    killThenCancel(env, "large-dead", 8, false, "9h (large object, its worker dead)");
  }

  /**
   * Kills the worker at 20 % of the object and cancels the migration: after a new worker let the
   * stalled range pause it ({@code pauseFirst}), or while no worker runs. Either way the upload the
   * killed worker began must be gone once the migration is CANCELED.
   */
  private static void killThenCancel(
      E2EEnvironment env, String name, int seed, boolean pauseFirst, String scenario) {
    long size = OBJECT_BYTES;
    try (LargeObjectRig rig = LargeObjectRig.start(env, name, Side.S3, Side.S3)) {
      rig.writeSource(new SeededObject(size, DATA_SEED + seed));
      Migration m =
          pauseFirst ? rig.start("e2e-" + name, "--max-retries", "0") : rig.start("e2e-" + name);
      Waits.until(
          "the destination to reach 20 % of the object",
          TO_KILL, Duration.ofMillis(10), () -> rig.destinationProgress() >= size / 5);
      rig.worker().kill9();
      if (pauseFirst) {
        rig.worker().restart();
        m.awaitProgress(
            "the stalled range to pause the migration",
            TO_RETRY,
            p -> p.state() == MigrationState.PAUSED);
      }
      List<String> kept = rig.leftovers();
      rig.cancel(m.id());
      if (!pauseFirst) {
        rig.worker().restart();
      }
      Waits.until(
          "the migration to end",
          TO_END,
          Duration.ofMillis(200),
          () -> m.status() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      List<String> leftovers = rig.leftovers();
      E2EReport.line(
          "scenario %s, then cancelled: %s before the cancel; %s, unfinished uploads left %s",
          scenario, kept, m.status(), leftovers);
      assertAll(
          () -> assertEquals(1, kept.size(), "unfinished uploads before the cancel"),
          () ->
              assertEquals(
                  WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
                  m.status(),
                  "status after cancel"),
          () -> assertEquals(List.of(), leftovers, "unfinished uploads left at the destination"));
    }
  }

  /**
   * Starts the migration, kill -9s the worker once the destination has {@link #KILL_AT} of the
   * object, runs {@code beforeRestart}, starts a new worker and waits for the end.
   */
  private static OneKill killOnce(LargeObjectRig rig, String id, Runnable beforeRestart) {
    long size = OBJECT_BYTES;
    long started = System.nanoTime();
    Migration m = rig.start(id);
    long[] firstWrite = {0};
    Waits.until(
        "the destination to reach " + (int) (KILL_AT * 100) + " % of the object",
        TO_KILL,
        Duration.ofMillis(10),
        () -> {
          long progress = rig.destinationProgress();
          if (progress > 0 && firstWrite[0] == 0) {
            firstWrite[0] = System.nanoTime();
          }
          return progress >= KILL_AT * size;
        });
    rig.worker().kill9();
    long killed = System.nanoTime();
    LastHeartbeat heartbeat = LastHeartbeat.of(m, Instant.now());
    long atKill = rig.destinationProgress();
    boolean completeAtKill = rig.objectAtDestination();
    beforeRestart.run();
    long restarted = System.nanoTime();
    rig.worker().restart();
    Waits.until(
        "the retry to write to the destination",
        TO_RETRY,
        Duration.ofMillis(50),
        () -> rig.destinationProgress() > atKill);
    long resumed = System.nanoTime();
    MigrationReport report = m.awaitReport(TO_END);
    long ended = System.nanoTime();
    return new OneKill(
        size,
        atKill,
        rig.destinationProgress() - atKill,
        completeAtKill,
        heartbeat,
        seconds(started, killed),
        seconds(firstWrite[0], killed),
        seconds(restarted, resumed),
        seconds(resumed, ended),
        report);
  }

  /** The checks of a one-kill case into S3: exact, at most 40 % re-sent, no unfinished upload. */
  private static void assertResumed(String title, LargeObjectRig rig, OneKill run, String sha) {
    String digest = rig.destinationSha256();
    List<String> leftovers = rig.leftovers();
    E2EReport.line(
        "%s: %s; exact %s, unfinished uploads left %s",
        title, run.describe(true), sha.equals(digest), leftovers);
    assertAll(
        exact(sha, digest),
        completed(run.report()),
        () -> assertFalse(run.completeAtKill(), "the object was complete at the kill"),
        () ->
            assertTrue(
                run.afterKill() <= MOST_AFTER_ONE_KILL * run.size(),
                "more than 40 % of the object sent after the kill: " + run.describe(true)),
        () -> assertEquals(List.of(), leftovers, "unfinished uploads left at the destination"));
  }

  private static Executable exact(String expected, String actual) {
    return () ->
        assertEquals(expected, actual, "SHA-256 of the destination object is not the source's");
  }

  private static Executable completed(MigrationReport report) {
    MigrationProgress p = report.progress();
    return () ->
        assertTrue(
            p.state() == MigrationState.COMPLETED
                && p.objectsCopied() == 1
                && p.objectsFailed() == 0,
            "the migration did not copy its one object: " + p);
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  /**
   * The last heartbeat of the copy that the server held when its worker was killed: what a retry
   * can learn of the dead attempt. Only reported: a worker sends heartbeats at most every 2 s, so a
   * retry that trusted these details alone would re-send what the dead attempt sent since.
   *
   * @param currentBytes its {@code currentBytes} (bytes of the object read so far), or -1
   * @param age seconds from that heartbeat to the kill, or -1
   */
  private record LastHeartbeat(long currentBytes, double age) {
    private static final Pattern CURRENT_BYTES = Pattern.compile("\"currentBytes\"\\s*:\\s*(\\d+)");

    static LastHeartbeat of(Migration m, Instant killed) {
      for (PendingActivityInfo activity : m.pendingActivities()) {
        Matcher bytes = CURRENT_BYTES.matcher(Migration.heartbeatText(activity));
        if (bytes.find() && activity.hasLastHeartbeatTime()) {
          Timestamp at = activity.getLastHeartbeatTime();
          Instant beat = Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
          return new LastHeartbeat(
              Long.parseLong(bytes.group(1)), Duration.between(beat, killed).toMillis() / 1e3);
        }
      }
      return new LastHeartbeat(-1, -1);
    }

    String describe(long size) {
      if (currentBytes < 0) {
        return ", no heartbeat with currentBytes at the kill";
      }
      return String.format(
          Locale.ROOT,
          ", the last heartbeat (%.1f s before the kill) said %d bytes (%.0f %%)",
          age,
          currentBytes,
          100.0 * currentBytes / size);
    }
  }

  /**
   * One kill, measured outside ferry.
   *
   * @param atKill destination progress at the kill (bytes through the proxy, or bytes on disk)
   * @param afterKill destination progress from the kill to the end
   * @param heartbeat the dead attempt's last heartbeat as the server held it at the kill
   * @param toKill seconds from {@code ferry start} to the kill
   * @param writingToKill seconds from the first byte at the destination to the kill
   * @param idle seconds from the new worker's start until the destination saw bytes again (the dead
   *     attempt's heartbeat timeout, then the retry's backoff)
   * @param afterResume seconds from then to the migration's end (copy and verify)
   */
  private record OneKill(
      long size,
      long atKill,
      long afterKill,
      boolean completeAtKill,
      LastHeartbeat heartbeat,
      double toKill,
      double writingToKill,
      double idle,
      double afterResume,
      MigrationReport report) {
    String describe(boolean bytesCounted) {
      String at =
          String.format(
              Locale.ROOT,
              "%d-byte object, killed at %d bytes (%.0f %%) %.1f s after start",
              size,
              atKill,
              100.0 * atKill / size,
              toKill);
      String after =
          bytesCounted
              ? String.format(
                  Locale.ROOT,
                  ", %d bytes (%.0f %%) sent after the kill",
                  afterKill,
                  100.0 * afterKill / size)
              : "";
      double fullCopy = writingToKill * size / Math.max(1, atKill);
      return at
          + after
          + heartbeat.describe(size)
          + String.format(
              Locale.ROOT,
              ", retry started %.1f s after the new worker, then %.1f s to the end"
                  + " (a full copy at the first attempt's rate: %.1f s)",
              idle,
              afterResume,
              fullCopy);
    }
  }
}
