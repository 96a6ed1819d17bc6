package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.workflows.Fingerprints;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {
  private static ObjectInfo info(String key, long size, String etag, long modified) {
    return new ObjectInfo(key, size, etag, Instant.ofEpochMilli(modified), null, null, null);
  }

  @Test
  void roundTripsAndNamesNoKey() {
    FingerprintSet set = new FingerprintSet();
    set.add(info("secret/report.pdf", 10, "e1", 1));
    set.add(info("b", 20, "e2", 2));
    String wire = set.encode();
    assertFalse(wire.contains("secret"));
    assertEquals(2, new Fingerprints(wire, "").copiedCount());
    FingerprintSet back = FingerprintSet.decode(wire);
    assertTrue(back.containsUnchanged(info("secret/report.pdf", 10, "e1", 1)));
    assertTrue(back.containsKey("b"));
    assertFalse(back.containsKey("c"));
  }

  @Test
  void anyChangeOfSizeEtagOrTimeIsSeen() {
    FingerprintSet set = new FingerprintSet();
    set.add(info("k", 10, "e1", 1));
    assertTrue(set.containsUnchanged(info("k", 10, "e1", 1)));
    assertFalse(set.containsUnchanged(info("k", 11, "e1", 1)));
    assertFalse(set.containsUnchanged(info("k", 10, "e2", 1)));
    assertFalse(set.containsUnchanged(info("k", 10, "e1", 2)));
    assertFalse(set.containsUnchanged(info("other", 10, "e1", 1)));
  }

  @Test
  void aVerifiedSetCarriesTheDestinationAsVerifyFoundIt() {
    FingerprintSet set = new FingerprintSet();
    set.addVerified(info("a", 3, "s1", 1), info("a", 3, "d1", 5));
    set.addVerified(info("b", 3, "s2", 1), null);
    String wire = set.encode();
    assertTrue(wire.startsWith(Fingerprints.VERIFIED), wire);
    assertEquals(2, new Fingerprints(wire, "").copiedCount());
    FingerprintSet back = FingerprintSet.decode(wire);
    assertTrue(back.containsUnchanged(info("a", 3, "s1", 1)));
    assertFalse(back.destinationChanged(info("a", 3, "d1", 5)));
    assertTrue(back.destinationChanged(info("a", 3, "d2", 5)), "same size, other ETag");
    assertTrue(back.destinationChanged(info("a", 3, "d1", 6)), "same size, other time");
    assertFalse(back.destinationChanged(info("b", 3, "any", 9)), "not listed by verify: unknown");
    assertEquals(FingerprintSet.UNKNOWN, back.contentOf("a"), "no content hash in a verified set");
    assertFalse(new Fingerprints(wire, "").allCheckedOnArrival());
  }

  @Test
  void emptyEncodesEmpty() {
    assertEquals("", new FingerprintSet().encode());
    assertEquals(0, FingerprintSet.decode("").size());
  }

  @Test
  void carriesTheContentHashOfTheBytesCopied() {
    FingerprintSet set = new FingerprintSet();
    set.add(info("a", 3, "e1", 1), "900150983CD24FB0D6963F7D28E17F72", false);
    set.add(info("b", 3, "e2", 1));
    FingerprintSet back = FingerprintSet.decode(set.encode());
    assertEquals(
        FingerprintSet.contentHash(3, "900150983cd24fb0d6963f7d28e17f72"), back.contentOf("a"));
    assertNotEquals(
        FingerprintSet.contentHash(4, "900150983cd24fb0d6963f7d28e17f72"), back.contentOf("a"));
    assertEquals(FingerprintSet.UNKNOWN, back.contentOf("b"));
    assertEquals(FingerprintSet.UNKNOWN, back.contentOf("c"));
    assertEquals(2, new Fingerprints("", set.encode()).skippedCount());
  }

  @Test
  void readsTheFirstEncodingWhichHasNoContentHash() {
    ByteBuffer b = ByteBuffer.allocate(2 * Fingerprints.V1_ENTRY_BYTES);
    ObjectInfo k = info("k", 10, "e1", 1);
    b.putLong(FingerprintSet.keyHash("k")).putLong(FingerprintSet.stateHash(k));
    b.putLong(FingerprintSet.keyHash("j")).putLong(1);
    String v1 = Base64.getEncoder().encodeToString(b.array());
    assertEquals(2, new Fingerprints(v1, "").copiedCount());
    FingerprintSet back = FingerprintSet.decode(v1);
    assertTrue(back.containsUnchanged(k));
    assertTrue(back.containsKey("j"));
    assertEquals(FingerprintSet.UNKNOWN, back.contentOf("k"));
  }

  @Test
  void saysWhetherTheDestinationCheckedEveryCopyOnArrival() {
    String md5 = "900150983cd24fb0d6963f7d28e17f72";
    FingerprintSet checked = new FingerprintSet();
    checked.add(info("a", 3, "e1", 1), md5, true);
    checked.add(info("b", 3, "e2", 1), md5, true);
    assertTrue(new Fingerprints(checked.encode(), "").allCheckedOnArrival());
    assertFalse(new Fingerprints("", checked.encode()).allCheckedOnArrival(), "found identical");
    assertFalse(new Fingerprints(checked.encode(), checked.encode()).allCheckedOnArrival());
    assertFalse(Fingerprints.EMPTY.allCheckedOnArrival());

    FingerprintSet mixed = FingerprintSet.decode(checked.encode());
    mixed.add(info("c", 3, "e3", 1), md5, false);
    assertFalse(new Fingerprints(mixed.encode(), "").allCheckedOnArrival());
    FingerprintSet unhashed = FingerprintSet.decode(checked.encode());
    unhashed.add(info("c", 3, "e3", 1));
    assertFalse(new Fingerprints(unhashed.encode(), "").allCheckedOnArrival());
  }
}
