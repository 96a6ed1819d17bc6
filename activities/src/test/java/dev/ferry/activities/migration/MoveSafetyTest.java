package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import dev.ferry.workflows.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Safety invariant 1: MOVE deletes a source only after its copy was verified, and only if the
 * source is unchanged since it was read. Faults are injected at the exact step under test.
 */
@Timeout(120)
class MoveSafetyTest {
  private static final int N = 10;

  private MigrationTestEnv env;
  private MemoryBackend source;
  private MemoryBackend destination;
  private boolean fired;

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
    source = env.backend("src:b/in", new MemoryBackend("src"));
    destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();
    MigrationWorkflowTest.fill(source, N);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static MigrationRequest move(Verification verification, int maxRetries) {
    return new MigrationRequest(
        "src:b/in",
        "dst:b/out",
        Mode.MOVE,
        2,
        verification,
        maxRetries,
        Duration.ofSeconds(1),
        null,
        null,
        IfExists.SKIP_IDENTICAL,
        false,
        4,
        1024 * 1024,
        false);
  }

  /**
   * Runs {@code action} once, before the first listing of {@code backend} by {@code activity}.
   * Concurrent listings by that activity wait until it has run, so none can read the state before.
   */
  private void onceBefore(MemoryBackend backend, String activity, Runnable action) {
    backend.intercept(
        (op, key) -> {
          if (op.equals("list") && activity.equals(MigrationRetryTest.activityType())) {
            runOnce(action);
          }
        });
  }

  private synchronized void runOnce(Runnable action) {
    if (!fired) {
      fired = true;
      action.run();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ObjectFailure onlyFailure(String id) {
    List<ObjectFailure> failures = env.stub(id).failures(0, 10).failures();
    assertEquals(1, failures.size(), failures.toString());
    return failures.get(0);
  }

  private static void assertMoved(MigrationProgress p, int kept) {
    MigrationWorkflowTest.assertCountsAddUp(p);
    assertEquals(N - kept, p.objectsDeleted());
    assertEquals(kept, p.objectsFailed());
  }

  @Test
  void aCopyThatFailsVerificationKeepsItsSource() {
    byte[] original = source.bytes("dir/k003");
    // Same size, other bytes: only the checksum can tell.
    onceBefore(
        destination, "VerifyRange", () -> destination.putBytes("dir/k003", bytes("value X")));
    MigrationProgress p = env.run("move-verify", move(Verification.CHECKSUM, 1)).progress();
    assertMoved(p, 1);
    assertArrayEquals(original, source.bytes("dir/k003"));
    assertEquals(FerryFailures.REASON_VERIFY_FAILED, onlyFailure("move-verify").reason());
    assertEquals(1, source.size());
  }

  @Test
  void aCopyOfTheWrongSizeFailsEvenWithoutChecksums() {
    onceBefore(destination, "VerifyRange", () -> destination.putBytes("dir/k001", bytes("short")));
    MigrationProgress p = env.run("move-size", move(Verification.NONE, 1)).progress();
    assertMoved(p, 1);
    assertTrue(source.keys().contains("dir/k001"));
  }

  @Test
  void aSourceChangedBeforeVerificationIsKept() {
    // Right as copy writes k004 (it has read the source): a deterministic moment before verify,
    // which the first VerifyRange listing is not (another range may be deleted by then).
    destination.intercept(
        (op, key) -> {
          if (op.equals("put") && key.equals("dir/k004")) {
            runOnce(() -> source.putBytes("dir/k004", bytes("rewritten")));
          }
        });
    MigrationProgress p = env.run("move-changed-1", move(Verification.CHECKSUM, 1)).progress();
    assertMoved(p, 1);
    assertArrayEquals(bytes("rewritten"), source.bytes("dir/k004"));
    assertEquals(FerryFailures.REASON_SOURCE_CHANGED, onlyFailure("move-changed-1").reason());
  }

  @Test
  void aSourceChangedAfterVerificationIsKept() {
    // Same content, new modification time: still a different version of the object.
    onceBefore(source, "DeleteRange", () -> source.putBytes("dir/k006", source.bytes("dir/k006")));
    MigrationProgress p = env.run("move-changed-2", move(Verification.CHECKSUM, 1)).progress();
    assertTrue(source.keys().contains("dir/k006"));
    assertEquals(FerryFailures.REASON_SOURCE_CHANGED, onlyFailure("move-changed-2").reason());
    MigrationWorkflowTest.assertCountsAddUp(p);
    assertEquals(N - 1, p.objectsDeleted());
  }

  @Test
  void aVerificationThatNeverSucceedsDeletesNothing() {
    destination.intercept(
        (op, key) -> {
          if (op.equals("list") && "VerifyRange".equals(MigrationRetryTest.activityType())) {
            throw new RetryableStorageException("destination unavailable");
          }
        });
    MigrationProgress p = env.run("move-noverify", move(Verification.CHECKSUM, 1)).progress();
    assertEquals(N, source.size());
    assertEquals(0, p.objectsDeleted());
    assertEquals(N, p.objectsFailed());
    MigrationWorkflowTest.assertCountsAddUp(p);
  }
}
