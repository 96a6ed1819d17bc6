package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.testing.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedListingTest {
  private static List<MergedListing.Entry> all(MergedListing listing) {
    List<MergedListing.Entry> out = new ArrayList<>();
    listing.forEachRemaining(out::add);
    return out;
  }

  @Test
  void walksBothSidesInKeyOrderWithinTheRange() {
    MemoryBackend a = new MemoryBackend("a");
    MemoryBackend b = new MemoryBackend("b");
    for (String k : List.of("k1", "k2", "k4", "k6")) {
      a.putBytes(k, new byte[] {1});
    }
    for (String k : List.of("k2", "k3", "k6", "k7")) {
      b.putBytes(k, new byte[] {2});
    }
    List<MergedListing.Entry> entries = all(new MergedListing(a::list, b::list, "k1", "k6"));
    assertEquals(List.of("k2", "k3", "k4", "k6"), entries.stream().map(e -> e.key()).toList());
    assertNotNull(entries.get(0).source());
    assertNotNull(entries.get(0).destination());
    assertNull(entries.get(1).source());
    assertNull(entries.get(2).destination());
  }

  @Test
  void pagesThroughLongListings() {
    MemoryBackend a = new MemoryBackend("a");
    for (int i = 0; i < MergedListing.PAGE_SIZE * 2 + 5; i++) {
      a.putBytes(String.format("k%05d", i), new byte[0]);
    }
    assertEquals(
        MergedListing.PAGE_SIZE * 2 + 5,
        all(new MergedListing(a::list, new MemoryBackend("b")::list, null, "k99999")).size());
  }

  @Test
  void aMissingDestinationHoldsNothing() {
    MemoryBackend a = new MemoryBackend("a");
    a.putBytes("k", new byte[] {1});
    MemoryBackend missing = new MemoryBackend("gone");
    missing.intercept(
        (op, key) -> {
          throw new NotFoundException("no bucket");
        });
    assertEquals(1, all(new MergedListing(a::list, missing::list, null, "k")).size());
  }

  @Test
  void keysOrderByCodePoints() {
    // U+FF21 (a BMP letter) sorts before U+1F600 (a surrogate pair) in UTF-8, unlike in UTF-16.
    assertEquals(-1, Integer.signum(KeyOrder.compare("\uFF21", "\uD83D\uDE00")));
  }
}
