package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.LocationFaultException.Kind;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.ListRangesActivity;
import dev.ferry.workflows.ListRangesInput;
import dev.ferry.workflows.ListRangesResult;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListRangesActivityTest {
  private final MemoryBackend source = new MemoryBackend("src");
  private TestActivityEnvironment env;
  private ListRangesActivity activity;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ListRangesActivityImpl(location -> source));
    activity = env.newActivityStub(ListRangesActivity.class);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static MigrationRequest request(int maxObjects, long maxBytes, List<String> exclude) {
    return new MigrationRequest(
        "src:b",
        "dst:b",
        Mode.COPY,
        4,
        null,
        0,
        null,
        null,
        exclude,
        IfExists.SKIP_IDENTICAL,
        false,
        maxObjects,
        maxBytes,
        false);
  }

  @Test
  void aSyncWhoseDestinationIsGoneWhileListedPausesNamingTheDestination() {
    MemoryBackend destination = new MemoryBackend("dst");
    source.putBytes("k1", new byte[1]);
    destination.intercept(
        (op, key) -> {
          if (op.equals("list")) {
            throw new LocationFaultException(
                Kind.GONE, "memory dst", "list: bucket not found", true, null);
          }
        });
    TestActivityEnvironment sides = TestActivityEnvironment.newInstance();
    try {
      sides.registerActivitiesImplementations(
          new ListRangesActivityImpl(l -> l.startsWith("dst") ? destination : source));
      ListRangesActivity list = sides.newActivityStub(ListRangesActivity.class);
      MigrationRequest sync =
          new MigrationRequest(
              "src:b",
              "dst:b",
              Mode.SYNC,
              4,
              null,
              0,
              null,
              null,
              null,
              IfExists.SKIP_IDENTICAL,
              false,
              10,
              1 << 20,
              false);
      ActivityFailure failure =
          assertThrows(
              ActivityFailure.class, () -> list.listRanges(new ListRangesInput(sync, null, 4)));
      ApplicationFailure fault = (ApplicationFailure) failure.getCause();
      // It said "listing the source failed", of a source that was fine.
      assertEquals(FerryFailures.SIDE_FAULT, fault.getType());
      assertTrue(
          fault.getOriginalMessage().startsWith("destination gone: list: bucket not found"),
          fault.getOriginalMessage());
    } finally {
      sides.close();
    }
  }

  @Test
  void aSlowListingHandsBackWhatItCutSoCopiesStartEarly() {
    for (int i = 0; i < 2500; i++) {
      source.putBytes(String.format("k%05d", i), new byte[1]);
    }
    AtomicLong nanos = new AtomicLong();
    long perPage = ListRangesActivityImpl.LIST_AHEAD.toNanos() * 4 / 5;
    source.intercept(
        (op, key) -> {
          if (op.equals("list")) {
            nanos.addAndGet(perPage);
          }
        });
    TestActivityEnvironment slow = TestActivityEnvironment.newInstance();
    try {
      slow.registerActivitiesImplementations(
          new ListRangesActivityImpl(location -> source, new RangeListings(), nanos::get));
      ListRangesActivity list = slow.newActivityStub(ListRangesActivity.class);
      MigrationRequest request = request(1000, 1 << 30, null);

      ListRangesResult first = list.listRanges(new ListRangesInput(request, null, 8));
      assertFalse(first.exhausted());
      assertEquals(8, first.ranges().size(), "the first wave spreads over every slot");
      assertEquals(
          new KeyRange("k01749", "k01999", 250, 250),
          first.ranges().get(7),
          "two pages listed, the range being filled closed");

      ListRangesResult later = list.listRanges(new ListRangesInput(request, "k00099", 8));
      assertFalse(later.exhausted());
      assertEquals(
          List.of(
              new KeyRange("k00099", "k01099", 1000, 1000),
              new KeyRange("k01099", "k02099", 1000, 1000)),
          later.ranges(),
          "later calls hand back full ranges");

      ListRangesResult rest = list.listRanges(new ListRangesInput(request, "k01999", 8));
      assertTrue(rest.exhausted());
      assertEquals(500, rest.ranges().stream().mapToLong(KeyRange::objects).sum());
      assertEquals("k02499", rest.ranges().get(rest.ranges().size() - 1).lastKey());
    } finally {
      slow.close();
    }
  }

  @Test
  void aListingThatEndsTooSoonIsLookedAtAgain() {
    for (int i = 0; i < 5; i++) {
      source.putBytes("k" + i, new byte[1]);
    }
    // The first look after k2 finds nothing, as a store listing a directory being deleted from.
    AtomicInteger looks = new AtomicInteger();
    StorageBackend dropping =
        new ForwardingBackend(source, "dropping") {
          @Override
          public ListPage list(String startAfter, String lastKey, int maxKeys) {
            if ("k2".equals(startAfter) && looks.getAndIncrement() == 0) {
              return new ListPage(List.of(), false);
            }
            return super.list(startAfter, lastKey, maxKeys);
          }
        };
    TestActivityEnvironment flaky = TestActivityEnvironment.newInstance();
    try {
      flaky.registerActivitiesImplementations(new ListRangesActivityImpl(location -> dropping));
      ListRangesResult r =
          flaky
              .newActivityStub(ListRangesActivity.class)
              .listRanges(new ListRangesInput(request(10, 1000, List.of()), "k2", 4));
      assertTrue(r.exhausted());
      assertEquals(List.of(new KeyRange("k2", "k4", 2, 2)), r.ranges());
      assertEquals(2, looks.get(), "an empty look after k2, then one that found k3 and k4");
    } finally {
      flaky.close();
    }
  }

  @Test
  void cutsByCountAndBytesAndGivesABigObjectItsOwnRange() {
    source.putBytes("a", new byte[10]);
    source.putBytes("b", new byte[10]);
    source.putBytes("c", new byte[10]);
    source.putBytes("d", new byte[100]);
    source.putBytes("e", new byte[10]);
    ListRangesResult r =
        activity.listRanges(new ListRangesInput(request(2, 50, List.of()), null, 4));
    assertTrue(r.exhausted());
    assertEquals(
        List.of(
            new KeyRange(null, "b", 2, 20),
            new KeyRange("b", "c", 1, 10),
            new KeyRange("c", "d", 1, 100),
            new KeyRange("d", "e", 1, 10)),
        r.ranges());
  }

  @Test
  void stopsAtMaxRangesAndResumesAfterTheLastOne() {
    for (int i = 0; i < 10; i++) {
      source.putBytes("k" + i, new byte[1]);
    }
    ListRangesResult first =
        activity.listRanges(new ListRangesInput(request(3, 1000, List.of()), null, 2));
    assertFalse(first.exhausted());
    assertEquals(
        List.of(new KeyRange(null, "k2", 3, 3), new KeyRange("k2", "k5", 3, 3)), first.ranges());
    ListRangesResult rest =
        activity.listRanges(new ListRangesInput(request(3, 1000, List.of()), "k5", 2));
    assertTrue(rest.exhausted());
    assertEquals(
        List.of(new KeyRange("k5", "k8", 3, 3), new KeyRange("k8", "k9", 1, 1)), rest.ranges());
  }

  @Test
  void aBigObjectThatFillsTheLastRangeIsKeptForItsCopy() {
    source.putBytes("a", new byte[10]);
    source.putBytes("b", new byte[10]);
    source.putBytes("c", new byte[100]);
    source.putBytes("d", new byte[10]);
    RangeListings listings = new RangeListings();
    TestActivityEnvironment kept = TestActivityEnvironment.newInstance();
    try {
      kept.registerActivitiesImplementations(
          new ListRangesActivityImpl(location -> source, listings, System::nanoTime));
      ListRangesResult r =
          kept.newActivityStub(ListRangesActivity.class)
              .listRanges(new ListRangesInput(request(2, 50, List.of()), null, 2));
      assertFalse(r.exhausted());
      KeyRange alone = new KeyRange("b", "c", 1, 100);
      assertEquals(List.of(new KeyRange(null, "b", 2, 20), alone), r.ranges());
      assertEquals(
          List.of("c"),
          listings.take("src:b", alone).orElseThrow().stream().map(o -> o.key()).toList());
    } finally {
      kept.close();
    }
  }

  @Test
  void countsOnlyMatchingObjects() {
    source.putBytes("a.txt", new byte[1]);
    source.putBytes("b.tmp", new byte[1]);
    source.putBytes("c.txt", new byte[1]);
    ListRangesResult r =
        activity.listRanges(new ListRangesInput(request(10, 1000, List.of("*.tmp")), null, 1));
    assertEquals(List.of(new KeyRange(null, "c.txt", 2, 2)), r.ranges());
  }

  @Test
  void theLastCallSpreadsItsObjectsOverTheRangesAskedFor() {
    for (int i = 0; i < 1_000; i++) {
      source.putBytes(String.format("k%04d", i), new byte[1]);
    }
    ListRangesResult r =
        activity.listRanges(new ListRangesInput(request(1000, 1_000_000, List.of()), null, 4));
    assertTrue(r.exhausted());
    assertEquals(
        List.of(
            new KeyRange(null, "k0249", 250, 250),
            new KeyRange("k0249", "k0499", 250, 250),
            new KeyRange("k0499", "k0749", 250, 250),
            new KeyRange("k0749", "k0999", 250, 250)),
        r.ranges());
    // A small listing is not cut below the floor: 12 objects stay one range.
    source.delete(source.keys());
    for (int i = 0; i < 12; i++) {
      source.putBytes(String.format("k%04d", i), new byte[1]);
    }
    assertEquals(
        List.of(new KeyRange(null, "k0011", 12, 12)),
        activity
            .listRanges(new ListRangesInput(request(1000, 1_000_000, List.of()), null, 16))
            .ranges());
  }

  @Test
  void aSmallMigrationAtHighConcurrencyFillsEverySlot() {
    // --concurrency 32 asks for 64 ranges: 2,000 objects were 20 ranges of 100, leaving 12 slots
    // idle where each object waits on the network.
    for (int i = 0; i < 2_000; i++) {
      source.putBytes(String.format("k%04d", i), new byte[1]);
    }
    ListRangesResult r =
        activity.listRanges(new ListRangesInput(request(1000, 1_000_000, List.of()), null, 64));
    assertTrue(r.exhausted());
    assertEquals(63, r.ranges().size());
    assertEquals(2_000, r.ranges().stream().mapToLong(KeyRange::objects).sum());
    assertTrue(r.ranges().stream().allMatch(range -> range.objects() <= 32));
  }

  @Test
  void keysThatJsonEscapesLongStopARangeListBeforeItPassesThePayloadLimit() {
    // 1 KiB keys of control characters: six bytes each in JSON, so 50 one-object ranges would
    // carry 600 KB of keys.
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      keys.add(String.format("%03d", i) + "\u0001".repeat(1021));
      source.putBytes(keys.get(i), new byte[1]);
    }
    MigrationRequest request = request(1, 1 << 30, List.of());
    List<KeyRange> all = new ArrayList<>();
    String after = null;
    ListRangesResult r;
    do {
      r = activity.listRanges(new ListRangesInput(request, after, 50));
      int payload =
          DefaultDataConverter.STANDARD_INSTANCE.toPayload(r).orElseThrow().getData().size();
      assertTrue(payload < 256 * 1024, "a result of " + payload + " bytes");
      assertTrue(r.ranges().size() < 50, r.ranges().size() + " ranges");
      all.addAll(r.ranges());
      after = r.ranges().get(r.ranges().size() - 1).lastKey();
    } while (!r.exhausted());
    // Every key in exactly one range, in order.
    assertEquals(keys, all.stream().map(KeyRange::lastKey).toList());
  }
}
