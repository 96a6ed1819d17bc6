package dev.ferry.activities.migration;

import java.time.Duration;

/**
 * How long a source takes to answer a read: the least of its last few reads' times to open, so that
 * a moment of load on a busy machine does not pass for a round trip to a distant store.
 */
final class ReadLatency {
  private static final int SAMPLES = 8;

  private final long[] recent = new long[SAMPLES];
  private int observed;

  /** Notes that opening a read took {@code nanos}. */
  synchronized void observe(long nanos) {
    recent[observed % SAMPLES] = nanos;
    observed++;
  }

  /** Whether every one of the last few reads (and at least one) took {@code least} or longer. */
  synchronized boolean atLeast(Duration least) {
    if (observed == 0) {
      return false;
    }
    long threshold = least.toNanos();
    for (int i = 0; i < Math.min(observed, SAMPLES); i++) {
      if (recent[i] < threshold) {
        return false;
      }
    }
    return true;
  }
}
