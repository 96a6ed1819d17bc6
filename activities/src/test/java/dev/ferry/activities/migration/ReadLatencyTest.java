package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadLatencyTest {
  private static final Duration ROUND_TRIP = Duration.ofMillis(4);
  private static final long SLOW = Duration.ofMillis(20).toNanos();
  private static final long FAST = Duration.ofMillis(1).toNanos();

  private final ReadLatency latency = new ReadLatency();

  @Test
  void nothingIsKnownBeforeTheFirstRead() {
    assertFalse(latency.atLeast(ROUND_TRIP));
  }

  @Test
  void oneFastReadAmongTheLastFewShowsTheSlowOnesWereLoadNotARoundTrip() {
    latency.observe(SLOW);
    assertTrue(latency.atLeast(ROUND_TRIP));
    latency.observe(FAST);
    for (int i = 0; i < 7; i++) {
      latency.observe(SLOW);
      assertFalse(latency.atLeast(ROUND_TRIP), "the fast read is among the last eight");
    }
    latency.observe(SLOW);
    assertTrue(latency.atLeast(ROUND_TRIP), "eight slow reads since the fast one");
  }
}
