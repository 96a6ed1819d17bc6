package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.workflows.Fingerprints;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.RangeInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void aFilesystemDestinationIsAskedForTheSourceKeysByName(@TempDir Path dir) throws IOException {
    MemoryBackend source = new MemoryBackend("src");
    for (String k : List.of("a/1", "a/2", "b", "c")) {
      source.putBytes(k, new byte[] {1, 2});
    }
    Files.createDirectories(dir.resolve("a"));
    Files.write(dir.resolve("a/1"), new byte[] {1, 2});
    Files.write(dir.resolve("a/1x"), new byte[] {9}); // the destination's own: not the walk's
    Files.write(dir.resolve("c"), new byte[] {7, 7, 7});
    FileSystemBackend destination = FileSystemBackend.create(dir);
    RangeInput range = range("c");

    List<MergedListing.Entry> entries =
        all(MergedListing.ofSourceKeys(range, null, source, destination));

    assertEquals(List.of("a/1", "a/2", "b", "c"), entries.stream().map(e -> e.key()).toList());
    assertEquals(2, entries.get(0).destination().size());
    assertNull(entries.get(1).destination());
    assertNull(entries.get(2).destination());
    assertEquals(3, entries.get(3).destination().size());
  }

  @Test
  void anObjectStoreDestinationIsListed() {
    MemoryBackend source = new MemoryBackend("src");
    source.putBytes("a", new byte[] {1});
    MemoryBackend destination = new MemoryBackend("dst");
    destination.putBytes("a", new byte[] {1});
    destination.putBytes("b", new byte[] {2});
    List<String> asked = new ArrayList<>();
    destination.intercept((op, key) -> asked.add(op));

    List<MergedListing.Entry> entries =
        all(MergedListing.ofSourceKeys(range("z"), null, source, destination));

    assertEquals(List.of("a", "b"), entries.stream().map(e -> e.key()).toList());
    assertEquals(List.of("list"), asked);
  }

  private static RangeInput range(String last) {
    return new RangeInput(
        VerifyRangeActivityTest.request(Mode.COPY),
        new KeyRange(null, last, 0, 0),
        Fingerprints.EMPTY);
  }

  @Test
  void keysOrderByCodePoints() {
    // U+FF21 (a BMP letter) sorts before U+1F600 (a surrogate pair) in UTF-8, unlike in UTF-16.
    assertEquals(-1, Integer.signum(KeyOrder.compare("\uFF21", "\uD83D\uDE00")));
  }
}
