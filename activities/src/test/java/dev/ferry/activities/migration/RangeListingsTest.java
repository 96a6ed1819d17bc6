package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.workflows.KeyRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RangeListingsTest {
  private final AtomicLong now = new AtomicLong();
  private final RangeListings listings = new RangeListings(now::get);

  private static List<ObjectInfo> objects(String prefix, int n) {
    List<ObjectInfo> objects = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      objects.add(new ObjectInfo(prefix + i, 1, "e", Instant.EPOCH, null, null, null));
    }
    return objects;
  }

  @Test
  void aRangeIsHandedOutOnceAndOnlyForItsSource() {
    KeyRange range = new KeyRange("a", "k2", 3, 3);
    listings.put("src:b", range, objects("k", 3));
    assertTrue(listings.take("other:b", range).isEmpty());
    assertTrue(listings.take("src:b", new KeyRange(null, "k2", 3, 3)).isEmpty());
    assertEquals(objects("k", 3), listings.take("src:b", range).orElseThrow());
    assertTrue(listings.take("src:b", range).isEmpty(), "taken already");
    assertEquals(0, listings.size());
  }

  @Test
  void aListingTooOldIsNotHandedOut() {
    KeyRange range = new KeyRange(null, "k0", 1, 1);
    listings.put("src", range, objects("k", 1));
    now.addAndGet(RangeListings.MAX_AGE.toNanos() + 1);
    assertTrue(listings.take("src", range).isEmpty());
  }

  @Test
  void theOldestRangesGiveWayToBoundTheObjectsKept() {
    int half = RangeListings.MAX_OBJECTS / 2;
    KeyRange first = new KeyRange(null, "a", half, half);
    KeyRange second = new KeyRange("a", "b", half, half);
    KeyRange third = new KeyRange("b", "c", 1, 1);
    listings.put("src", first, objects("a", half));
    listings.put("src", second, objects("b", half));
    listings.put("src", third, objects("c", 1));
    assertEquals(half + 1, listings.size());
    assertTrue(listings.take("src", first).isEmpty(), "evicted");
    assertEquals(half, listings.take("src", second).orElseThrow().size());
    assertEquals(1, listings.take("src", third).orElseThrow().size());
  }
}
