package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rclone's {@code mtime} metadata: seconds since the epoch, fixed point, no trailing zeros. */
class ModTimeTest {
  @Test
  void formatsAsRcloneDoes() {
    assertEquals(
        "1613579445.123456789", ModTime.format(Instant.parse("2021-02-17T16:30:45.123456789Z")));
    assertEquals("1354040105.5", ModTime.format(Instant.ofEpochSecond(1354040105, 500_000_000)));
    assertEquals("981173106", ModTime.format(Instant.parse("2001-02-03T04:05:06Z")));
    assertEquals("0.000000001", ModTime.format(Instant.ofEpochSecond(0, 1)));
    assertEquals("0", ModTime.format(Instant.EPOCH));
    assertEquals("-1.5", ModTime.format(Instant.ofEpochSecond(-2, 500_000_000)));
    assertEquals("-2", ModTime.format(Instant.ofEpochSecond(-2)));
  }

  @Test
  void parsesWhatRcloneWritesAndRoundTrips() {
    assertEquals(
        Instant.parse("2021-02-17T16:30:45.123456789Z"), ModTime.parse("1613579445.123456789"));
    assertEquals(Instant.ofEpochSecond(1613579445, 100_000_000), ModTime.parse("1613579445.1"));
    assertEquals(Instant.ofEpochSecond(1613579445), ModTime.parse("1613579445"));
    assertEquals(Instant.ofEpochSecond(1613579445), ModTime.parse("1613579445."));
    assertEquals(
        Instant.ofEpochSecond(1, 123456789), ModTime.parse("1.1234567899"), "beyond ns: cut");
    assertEquals(Instant.ofEpochSecond(-2, 500_000_000), ModTime.parse("-1.5"));
    for (String t : new String[] {"2001-02-03T04:05:06.7Z", "1613579445.5", "-0.25", "0"}) {
      Instant time = t.contains("T") ? Instant.parse(t) : ModTime.parse(t);
      assertEquals(time, ModTime.parse(ModTime.format(time)), t);
    }
    for (String bad : new String[] {"", "abc", "1e9", "1,5", " 1", "--1", "99999999999999999999"}) {
      assertNull(ModTime.parse(bad), bad);
    }
    assertNull(ModTime.of(Map.of("other", "1")));
    assertEquals(Instant.ofEpochSecond(7), ModTime.of(Map.of("mtime", "7")));
  }

  @Test
  void timesAreTheSameToTheCoarserPrecision() {
    Instant fine = Instant.parse("2001-02-03T04:05:06.123456789Z");
    assertTrue(ModTime.same(fine, fine));
    assertTrue(ModTime.same(fine, Instant.parse("2001-02-03T04:05:06Z")), "a whole-second fs");
    assertTrue(ModTime.same(Instant.parse("2001-02-03T04:05:06.123Z"), fine), "milliseconds");
    assertFalse(ModTime.same(fine, Instant.parse("2001-02-03T04:05:07Z")));
    assertFalse(ModTime.same(fine, Instant.parse("2001-02-03T04:05:06.123456788Z")));
    assertFalse(
        ModTime.same(
            Instant.parse("2001-02-03T04:05:06.5Z"), Instant.parse("2001-02-03T04:05:06.6Z")));
  }
}
