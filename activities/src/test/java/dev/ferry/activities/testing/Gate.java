package dev.ferry.activities.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds an activity thread at a chosen point until the test opens the gate, so a test can act
 * (pause, cancel) while work is provably in flight. Waits are bounded so a broken test fails
 * instead of hanging.
 */
public final class Gate {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch opened = new CountDownLatch(1);

  /** Called on the activity thread: signals arrival, then waits for {@link #open()}. */
  public void pass() {
    entered.countDown();
    try {
      if (!opened.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted at the gate", e);
    }
  }

  /** Waits until some thread reached the gate. */
  public void awaitArrival() throws InterruptedException {
    if (!entered.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("nothing reached the gate");
    }
  }

  public void open() {
    opened.countDown();
  }
}
