package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.ServerSideCopy;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.workflows.CopyRangeActivity;
import dev.ferry.workflows.Fingerprints;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.ListRangesActivity;
import dev.ferry.workflows.ListRangesInput;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.RangeResult;
import dev.ferry.workflows.Verification;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CopyRange alone: resuming from heartbeat details, and server-side copy when offered. */
class CopyRangeActivityTest {
  private final MemoryBackend source = new MemoryBackend("src");
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static RangeInput input() {
    return input(10);
  }

  /** A range of {@code objects} objects up to k9, as ListRanges would have counted them. */
  static RangeInput input(long objects) {
    MigrationRequest request =
        new MigrationRequest(
            "src",
            "dst",
            Mode.COPY,
            1,
            Verification.CHECKSUM,
            0,
            null,
            null,
            null,
            IfExists.SKIP_IDENTICAL,
            false,
            100,
            1 << 20,
            false);
    return new RangeInput(request, new KeyRange(null, "k9", objects, objects), Fingerprints.EMPTY);
  }

  /**
   * Makes the source answer each read after a round trip, as a store over a network does, so that
   * ranges read ahead; {@code then} observes (or fails) every operation after that.
   */
  private void roundTripsThen(MemoryBackend.Interceptor then) {
    source.intercept(
        (op, key) -> {
          if (op.equals("open")) {
            sleep(ReadAhead.WORTH_OVERLAPPING.toMillis() + 2);
          }
          then.before(op, key);
        });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CopyRangeActivity activity(StorageBackend destination) {
    env.registerActivitiesImplementations(
        new CopyRangeActivityImpl(location -> location.equals("src") ? source : destination));
    return env.newActivityStub(CopyRangeActivity.class);
  }

  @Test
  void aRetryResumesAfterTheLastHeartbeatedKey() {
    for (int i = 0; i < 10; i++) {
      source.putBytes("k" + i, new byte[] {(byte) i});
    }
    MemoryBackend destination = new MemoryBackend("dst");
    CopyRangeActivity copy = activity(destination);
    RangeResult before = new RangeResult(5, 0, 0, 5, 0, 0, 0, List.of(), new Fingerprints("", ""));
    env.setHeartbeatDetails(new RangeHeartbeat("k4", before, null, 0, null, 0));
    RangeResult r = copy.copyRange(input());
    assertEquals(10, r.copied(), "five from the previous attempt, five now");
    assertEquals(10, r.bytesCopied());
    assertEquals(List.of("k5", "k6", "k7", "k8", "k9"), destination.keys());
    assertEquals(5, r.passed().copiedCount(), "fingerprints of what this attempt copied");
  }

  @Test
  void aListingShorterThanTheRangeIsRetriedNotFinished() {
    for (int i = 0; i < 3; i++) {
      source.putBytes("k" + i, new byte[] {(byte) i});
    }
    // ListRanges counted 5; the source lists 3. Finishing would leave 2 in no counter.
    ActivityFailure e =
        assertThrows(
            ActivityFailure.class, () -> activity(new MemoryBackend("dst")).copyRange(input(5)));
    assertTrue(e.getMessage().contains("listed 3 of the 5 objects"), e.getMessage());
  }

  @Test
  void aCopyTakesTheObjectsListRangesLeftOnceAndListsAfterwards() {
    for (int i = 0; i < 10; i++) {
      source.putBytes("k" + i, new byte[] {(byte) i});
    }
    source.putBytes("k5.tmp", new byte[] {9});
    MigrationRequest request = input().request();
    MigrationRequest filtered =
        new MigrationRequest(
            request.source(),
            request.destination(),
            request.mode(),
            request.maxConcurrency(),
            request.verification(),
            request.maxRetries(),
            request.initialRetryInterval(),
            null,
            List.of("*.tmp"),
            request.ifExists(),
            false,
            4,
            request.batchMaxBytes(),
            false);
    RangeListings listings = new RangeListings();
    MemoryBackend destination = new MemoryBackend("dst");
    BackendResolver resolver = location -> location.equals("src") ? source : destination;
    env.registerActivitiesImplementations(
        new ListRangesActivityImpl(resolver, listings, System::nanoTime),
        new CopyRangeActivityImpl(resolver, listings));
    List<KeyRange> ranges =
        env.newActivityStub(ListRangesActivity.class)
            .listRanges(new ListRangesInput(filtered, null, 10))
            .ranges();
    assertEquals(10, listings.size(), "the matching objects of every range");

    // Synchronized: a read ahead opens objects from its own thread.
    List<String> sourceCalls = Collections.synchronizedList(new ArrayList<>());
    source.intercept((op, key) -> sourceCalls.add(op));
    CopyRangeActivity copy = env.newActivityStub(CopyRangeActivity.class);
    long copied = 0;
    for (KeyRange range : ranges) {
      copied += copy.copyRange(new RangeInput(filtered, range, Fingerprints.EMPTY)).copied();
    }
    assertEquals(10, copied);
    assertTrue(destination.keys().stream().noneMatch(k -> k.endsWith(".tmp")));
    assertEquals(List.of(), sourceCalls.stream().filter("list"::equals).toList());

    // The listing is taken once: copying the range again (as a retry does) lists the source.
    copy.copyRange(new RangeInput(filtered, ranges.get(0), Fingerprints.EMPTY));
    assertTrue(sourceCalls.contains("list"));
  }

  @Test
  void serverSideCopyIsUsedWhenTheDestinationOffersIt() {
    source.putBytes("k1", new byte[] {1, 2, 3});
    ServerSideDestination destination = new ServerSideDestination();
    RangeResult r = activity(destination).copyRange(input(1));
    assertEquals(1, r.copied());
    assertEquals(List.of("k1"), destination.copiedServerSide);
    assertEquals(0, destination.delegate.putCount(), "no bytes streamed through the worker");
    assertEquals(3, destination.delegate.bytes("k1").length);
  }

  /** A destination that copies "inside the store" by taking the source's bytes directly. */
  private final class ServerSideDestination extends ForwardingBackend implements ServerSideCopy {
    final MemoryBackend delegate;
    final List<String> copiedServerSide = new ArrayList<>();

    ServerSideDestination() {
      this(new MemoryBackend("dst"));
    }

    private ServerSideDestination(MemoryBackend delegate) {
      super(delegate, "server-side memory");
      this.delegate = delegate;
    }

    @Override
    public boolean canCopyFrom(StorageBackend from) {
      return from == source;
    }

    @Override
    public ObjectInfo copyFrom(StorageBackend from, String sourceKey, String key, ObjectInfo info) {
      copiedServerSide.add(key);
      delegate.putBytes(key, source.bytes(sourceKey), info.metadata());
      return delegate.stat(key).orElseThrow();
    }
  }

  @Test
  void aDestinationFoundEmptyIsNotListedOnTheFirstAttempt() {
    for (int i = 0; i < 10; i++) {
      source.putBytes("k" + i, new byte[] {(byte) i});
    }
    MemoryBackend destination = new MemoryBackend("dst");
    List<String> destinationLists = new ArrayList<>();
    destination.intercept(
        (op, key) -> {
          if (op.equals("list")) {
            destinationLists.add(key);
          }
        });
    CopyRangeActivity copy = activity(destination);
    RangeInput base = input();
    RangeInput fresh = new RangeInput(base.request(), base.range(), base.fingerprints(), true);

    assertEquals(10, copy.copyRange(fresh).copied());
    assertEquals(List.of(), destinationLists, "nothing of the range can be there yet");

    // The same range again (as a retry would, after its first attempt wrote): listed, all skipped.
    assertEquals(10, copy.copyRange(base).skipped());
    assertEquals(1, destinationLists.size());
  }

  @Test
  void theNextSmallObjectIsReadWhileTheCurrentOneIsWritten() {
    for (int i = 0; i < 10; i++) {
      source.putBytes("k" + i, new byte[] {(byte) i, 7});
    }
    Set<String> opened = ConcurrentHashMap.newKeySet();
    List<String> opens = Collections.synchronizedList(new ArrayList<>());
    roundTripsThen(
        (op, key) -> {
          if (op.equals("open")) {
            opened.add(key);
            opens.add(key);
          }
        });
    List<String> readBeforeWriteEnded = Collections.synchronizedList(new ArrayList<>());
    MemoryBackend written = new MemoryBackend("dst");
    StorageBackend destination =
        new ForwardingBackend(written, "dst") {
          @Override
          public ObjectInfo put(
              String key, java.io.InputStream data, long size, ObjectMetadata metadata) {
            String following = "k" + (Integer.parseInt(key.substring(1)) + 1);
            // Without a read ahead the next object is opened only after this put returns. The
            // first object's read is the first time the range learns how long reads take.
            boolean last = key.equals("k0") || key.equals("k9");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(last ? 0 : 2);
            while (!opened.contains(following) && System.nanoTime() < deadline) {
              Thread.onSpinWait();
            }
            if (opened.contains(following)) {
              readBeforeWriteEnded.add(key);
            }
            return super.put(key, data, size, metadata);
          }
        };
    assertEquals(10, activity(destination).copyRange(input()).copied());
    assertEquals(List.of("k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"), readBeforeWriteEnded);
    for (int i = 0; i < 10; i++) {
      assertArrayEquals(new byte[] {(byte) i, 7}, written.bytes("k" + i));
    }
    // Each object was read once: the copy wrote the bytes read ahead, it did not read them again.
    assertEquals(
        List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"),
        opens.stream().sorted().toList());
  }

  @Test
  void aFailedReadAheadLeavesTheObjectToTheCopyItself() {
    for (int i = 0; i < 10; i++) {
      source.putBytes("k" + i, new byte[] {(byte) i});
    }
    CountDownLatch firstOpenOfK5 = new CountDownLatch(1);
    List<String> k5ReadOn = Collections.synchronizedList(new ArrayList<>());
    roundTripsThen(
        (op, key) -> {
          if (op.equals("open") && key.equals("k5")) {
            k5ReadOn.add(Thread.currentThread().getName());
            if (firstOpenOfK5.getCount() > 0) {
              firstOpenOfK5.countDown();
              throw new RetryableStorageException("connection reset reading k5");
            }
          }
        });
    MemoryBackend destination = new MemoryBackend("dst");
    RangeResult r = activity(destination).copyRange(input());
    assertEquals(10, r.copied());
    assertEquals(0, r.failed());
    assertArrayEquals(new byte[] {5}, destination.bytes("k5"));
    assertEquals(2, k5ReadOn.size(), "read ahead, failed, then read by the copy");
    assertEquals("ferry-read-ahead", k5ReadOn.get(0));
  }

  @Test
  void anObjectGoneBeforeItsReadAheadFailsAsNotFound() {
    for (int i = 0; i < 10; i++) {
      source.putBytes("k" + i, new byte[] {(byte) i});
    }
    List<String> k5ReadOn = Collections.synchronizedList(new ArrayList<>());
    roundTripsThen(
        (op, key) -> {
          if (op.equals("open") && key.equals("k5")) {
            k5ReadOn.add(Thread.currentThread().getName());
          }
        });
    MemoryBackend destination = new MemoryBackend("dst");
    destination.intercept(
        (op, key) -> {
          if (op.equals("put") && key.equals("k3")) {
            source.delete(List.of("k5"));
          }
        });
    RangeResult r = activity(destination).copyRange(input());
    assertEquals(9, r.copied());
    assertEquals(1, r.failed());
    assertEquals(null, destination.bytes("k5"));
    assertEquals("ferry-read-ahead", k5ReadOn.get(0), "k5 was read ahead first");
  }

  @Test
  void aSourceThatAnswersAtOnceIsReadByTheCopyItself() {
    for (int i = 0; i < 10; i++) {
      source.putBytes("k" + i, new byte[] {(byte) i});
    }
    List<String> readOn = Collections.synchronizedList(new ArrayList<>());
    source.intercept(
        (op, key) -> {
          if (op.equals("open")) {
            readOn.add(Thread.currentThread().getName());
          }
        });
    MemoryBackend destination = new MemoryBackend("dst");
    assertEquals(10, activity(destination).copyRange(input()).copied());
    assertEquals(10, readOn.size());
    assertEquals(List.of(), readOn.stream().filter(t -> t.equals("ferry-read-ahead")).toList());
  }
}
