package dev.ferry.activities.testing;

import java.util.function.Supplier;

/** Polls a condition that another thread (a worker) makes true, with a bounded wait. */
public final class Eventually {
  private static final long LIMIT_MILLIS = 30_000;

  private Eventually() {}

  /** Returns the first value of {@code probe} that satisfies {@code done}; fails after 30 s. */
  public static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + LIMIT_MILLIS * 1_000_000;
    T last = null;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("condition not reached; last value: " + last);
  }
}
