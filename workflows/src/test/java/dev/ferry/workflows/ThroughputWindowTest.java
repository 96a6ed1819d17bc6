package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ThroughputWindowTest {
  @Test
  void unknownUntilTwoSamples() {
    ThroughputWindow w = new ThroughputWindow(60_000);
    assertEquals(0.0, w.bytesCopiedPerSecond(5_000));
    w.record(0, 0, 0, 0);
    assertEquals(0.0, w.bytesCopiedPerSecond(5_000));
  }

  @Test
  void measuresOverTheRecentWindowNotTheLifetime() {
    ThroughputWindow w = new ThroughputWindow(10_000);
    w.record(0, 0, 0, 0);
    // A fast start: 1,000,000 bytes in the first second ...
    w.record(1_000, 1_000_000, 1_000_000, 10);
    // ... then 100 bytes per second for a minute.
    for (int s = 2; s <= 61; s++) {
      w.record(s * 1_000L, 1_000_000 + (s - 1) * 100L, 1_000_000 + (s - 1) * 100L, 10 + s);
    }
    // The lifetime average would be about 16,000 B/s; the window sees only the recent 100 B/s.
    assertEquals(100.0, w.bytesCopiedPerSecond(61_000), 1.0);
    assertEquals(100.0, w.bytesDonePerSecond(61_000), 1.0);
    assertEquals(1.0, w.objectsDonePerSecond(61_000), 0.01);
  }

  @Test
  void decaysWhenProgressStalls() {
    ThroughputWindow w = new ThroughputWindow(10_000);
    w.record(0, 0, 0, 0);
    w.record(10_000, 10_000, 10_000, 1);
    assertEquals(1_000.0, w.bytesCopiedPerSecond(10_000), 0.001);
    assertEquals(500.0, w.bytesCopiedPerSecond(20_000), 0.001);
  }

  @Test
  void skippingAStillStretchKeepsTheRateItHad() {
    ThroughputWindow w = new ThroughputWindow(10_000);
    w.record(0, 0, 0, 0);
    w.record(10_000, 10_000, 10_000, 1);
    w.skipTo(70_000);
    assertEquals(1_000.0, w.bytesCopiedPerSecond(70_000), 0.001);
    w.record(75_000, 15_000, 15_000, 2);
    assertEquals(1_000.0, w.bytesCopiedPerSecond(75_000), 0.001);
  }

  @Test
  void refusesAnEmptyWindow() {
    assertThrows(IllegalArgumentException.class, () -> new ThroughputWindow(0));
  }
}
