package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.synthetic.KeyShape;
import dev.ferry.activities.storage.synthetic.StoreBehaviour;
import dev.ferry.activities.storage.synthetic.SyntheticBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Split points of a partition, found with one-key listings of a million-key synthetic source. */
class PartitionSplitTest {
  private static final int COUNT = 1_000_000;

  /** A source's listing that counts its requests. */
  private static final class Counted implements Listing {
    final SyntheticBackend source;
    final AtomicInteger requests = new AtomicInteger();

    Counted(KeyShape shape) {
      source = SyntheticBackend.create(COUNT, 1, new StoreBehaviour(shape, 100, 1000, 0, 0));
    }

    @Override
    public ListPage list(String after, String last, int max) {
      requests.incrementAndGet();
      return source.list(after, last, max);
    }

    /** The index of the first object after {@code key}. */
    long indexAfter(String key) {
      ListPage next = source.list(key, null, 1);
      return next.objects().isEmpty() ? COUNT : index(next.objects().get(0).key());
    }

    static long index(String key) {
      return Long.parseLong(key.substring(key.length() - 9));
    }
  }

  @ParameterizedTest
  @EnumSource(KeyShape.class)
  void theFarPartHoldsKeysAndAtMostAboutAsManyAsTheNearOne(KeyShape shape) {
    Counted listing = new Counted(shape);
    ListPage firstCall = listing.source.list(null, null, 10_000);
    String last = firstCall.objects().get(firstCall.objects().size() - 1).key();

    String split = PartitionSplit.find(listing, last, null);

    assertNotNull(split, shape + ": no split of a million keys");
    assertTrue(KeyOrder.compare(split, last) > 0, split + " after " + last);
    long far = COUNT - listing.indexAfter(split);
    long rest = COUNT - 10_000;
    assertTrue(far > 0, shape + ": nothing after " + split);
    assertTrue(far <= rest * 3 / 4, shape + ": " + far + " of " + rest + " after " + split);
    assertTrue(listing.requests.get() <= PartitionSplit.MAX_PROBES, "requests " + listing.requests);
  }

  @Test
  void aBoundedPartitionSplitsBeforeItsEnd() {
    Counted listing = new Counted(KeyShape.FLAT);
    String end = SyntheticBackend.key(500_000);
    String split = PartitionSplit.find(listing, SyntheticBackend.key(999), end);
    assertNotNull(split);
    assertTrue(KeyOrder.compare(split, end) < 0, split + " before " + end);
    assertFalse(listing.source.list(split, end, 1).objects().isEmpty(), "keys after " + split);
  }

  @Test
  void nothingAfterTheLastKeyIsNoSplit() {
    Counted listing = new Counted(KeyShape.FLAT);
    String last = SyntheticBackend.key(COUNT - 1);
    assertNull(PartitionSplit.find(listing, last, null));
    assertEquals(1, listing.requests.get(), "one look finds nothing");
  }

  @Test
  void theSplitCharacterIsHalfwayAndNeverAControlCharacterNorAboveTheSurrogates() {
    assertEquals('5', PartitionSplit.between('0', '9'));
    assertEquals('1', PartitionSplit.between('0', '1'));
    assertEquals(-1, PartitionSplit.between('7', '7'));
    assertEquals(0x20, PartitionSplit.between(-1, 'z' - 0x5a)); // halfway is a control character
    assertEquals(0xD7FF, PartitionSplit.between(0xD000, 0xF000)); // below the surrogates
    assertEquals(-1, PartitionSplit.between(0xE000, 0x1F600)); // nothing below them
  }

  @Test
  void keysThatShareALongPrefixSplitAfterIt() {
    Listing keys =
        sorted("p/2026/01/a", "p/2026/01/b", "p/2026/01/c", "p/2026/01/x", "p/2026/01/y");
    String split = PartitionSplit.find(keys, "p/2026/01/a", null);
    assertEquals("p/2026/01/m", split);
  }

  @Test
  void unicodeKeysSplitBetweenTheirCharacters() {
    Listing keys = sorted("k/\u00e9t\u00e9", "k/\u4e2d\u6587", "k/\uD83D\uDE00", "k/\uD83D\uDE01");
    String split = PartitionSplit.find(keys, "k/\u00e9t\u00e9", null);
    assertTrue(KeyOrder.compare(split, "k/\u00e9t\u00e9") > 0, split);
    assertTrue(KeyOrder.compare(split, "k/\uD83D\uDE01") < 0, split);
    assertEquals(
        split,
        new String(split.codePoints().toArray(), 0, split.codePointCount(0, split.length())));
  }

  /** A listing of {@code keys} alone, in the stores' order. */
  private static Listing sorted(String... keys) {
    List<String> all = new ArrayList<>(List.of(keys));
    all.sort(KeyOrder.COMPARATOR);
    return (after, last, max) -> {
      List<ObjectInfo> page = new ArrayList<>();
      for (String k : all) {
        if ((after == null || KeyOrder.compare(k, after) > 0)
            && (last == null || KeyOrder.compare(k, last) <= 0)
            && page.size() < max) {
          page.add(new ObjectInfo(k, 1, null, Instant.EPOCH, null, null, null));
        }
      }
      return new ListPage(page, false);
    };
  }
}
