package dev.ferry.worker.e2e;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling with a deadline, the only kind of waiting the suite does. */
final class Waits {
  private Waits() {}

  /** Polls {@code condition} every {@code every} until it holds; fails naming {@code what}. */
  static void until(String what, Duration timeout, Duration every, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Boolean.TRUE.equals(condition.get())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      sleep(every);
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
