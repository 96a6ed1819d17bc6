package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.workflows.Fingerprints;
import java.time.Instant;
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
  void emptyEncodesEmpty() {
    assertEquals("", new FingerprintSet().encode());
    assertEquals(0, FingerprintSet.decode("").size());
  }
}
