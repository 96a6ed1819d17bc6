package dev.ferry.activities.migration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.testing.Eventually;
import dev.ferry.activities.testing.ForwardingBackend;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  /** What to run right after copy wrote a key to the destination, by key. */
  private final Map<String, Runnable> afterPut = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
    source = env.backend("src:b/in", new MemoryBackend("src"));
    destination = new MemoryBackend("dst");
    env.backend(
        "dst:b/out",
        new ForwardingBackend(destination, "dst") {
          @Override
          public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata meta) {
            ObjectInfo written = super.put(key, data, size, meta);
            Runnable hook = afterPut.remove(key);
            if (hook != null) {
              runOnce(hook);
            }
            return written;
          }
        });
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
    // Right after copy wrote k003: whichever range verify reaches first, k003's copy is done.
    afterPut.put("dir/k003", () -> destination.putBytes("dir/k003", bytes("value X")));
    MigrationProgress p = env.run("move-verify", move(Verification.CHECKSUM, 1)).progress();
    assertMoved(p, 1);
    assertArrayEquals(original, source.bytes("dir/k003"));
    assertEquals(FerryFailures.REASON_VERIFY_FAILED, onlyFailure("move-verify").reason());
    assertEquals(1, source.size());
  }

  @Test
  void aCopyOfTheWrongSizeFailsEvenWithoutChecksums() {
    afterPut.put("dir/k001", () -> destination.putBytes("dir/k001", bytes("short")));
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
    // Once copy has read k006 (its copy is at the destination), before a delete lists it.
    source.intercept(
        (op, key) -> {
          if (op.equals("list")
              && "DeleteRange".equals(MigrationRetryTest.activityType())
              && destination.keys().contains("dir/k006")) {
            runOnce(() -> source.putBytes("dir/k006", source.bytes("dir/k006")));
          }
        });
    MigrationProgress p = env.run("move-changed-2", move(Verification.CHECKSUM, 1)).progress();
    assertTrue(source.keys().contains("dir/k006"));
    assertEquals(FerryFailures.REASON_SOURCE_CHANGED, onlyFailure("move-changed-2").reason());
    MigrationWorkflowTest.assertCountsAddUp(p);
    assertEquals(N - 1, p.objectsDeleted());
  }

  /**
   * A delete attempt that removed its batch and died before its heartbeat said so (a kill -9 of the
   * worker): the retry no longer lists those sources, and still counts them deleted, once.
   */
  @Test
  void aSourceWrittenAfterTheDeleteStepListedItIsKept() {
    // Between the delete step's listing and its delete (an audit saw writes there lost): the
    // delete holds to the object listed, asking for it again first on a store without a condition.
    source.intercept(
        (op, key) -> {
          if (op.equals("stat")
              && "dir/k008".equals(key)
              && "DeleteRange".equals(MigrationRetryTest.activityType())) {
            runOnce(() -> source.putBytes("dir/k008", bytes("written during the delete step")));
          }
        });
    MigrationProgress p = env.run("move-late-write", move(Verification.CHECKSUM, 1)).progress();
    assertEquals(N - 1, p.objectsDeleted());
    assertEquals(List.of("dir/k008"), source.keys());
    assertEquals("written during the delete step", new String(source.bytes("dir/k008"), UTF_8));
    assertEquals(
        FerryFailures.REASON_SOURCE_CHANGED,
        env.stub("move-late-write").failures(0, 10).failures().get(0).reason());
  }

  @Test
  void deletesOfAnAttemptThatDiedAreCountedByTheRetry() {
    env.close();
    env = new MigrationTestEnv();
    MemoryBackend store = new MemoryBackend("src");
    env.backend(
        "src:b/in",
        new ForwardingBackend(store, "dies after deleting") {
          @Override
          public List<DeleteFailure> delete(List<String> keys) {
            List<DeleteFailure> refused = super.delete(keys);
            if (keys.contains("dir/k004")) {
              runOnce(
                  () -> {
                    throw new RetryableStorageException("worker died after the delete");
                  });
            }
            return refused;
          }
        });
    destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.start();
    MigrationWorkflowTest.fill(store, N);

    MigrationProgress p = env.run("move-died", move(Verification.CHECKSUM, 2)).progress();

    assertTrue(fired);
    assertEquals(0, store.size());
    assertEquals(N, p.objectsDeleted(), p.toString());
    assertEquals(0, p.objectsFailed(), p.toString());
    MigrationWorkflowTest.assertCountsAddUp(p);
  }

  @Test
  void aVerificationThatNeverSucceedsDeletesNothing() {
    destination.intercept(
        (op, key) -> {
          if (op.equals("list") && "VerifyRange".equals(MigrationRetryTest.activityType())) {
            throw new RetryableStorageException("destination unavailable");
          }
        });
    // Still unreachable after every retry: the migration pauses, as for any outage of a side.
    MigrationWorkflow wf = env.startMigration("move-noverify", move(Verification.CHECKSUM, 1));
    MigrationProgress p = Eventually.await(wf::progress, q -> q.state() == MigrationState.PAUSED);
    assertTrue(p.pausedReason().startsWith("destination unreachable: "), p.pausedReason());
    assertEquals(N, source.size());
    assertEquals(0, p.objectsDeleted());
    assertEquals(0, source.deleteCount());
  }
}
