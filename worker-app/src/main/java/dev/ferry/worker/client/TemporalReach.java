package dev.ferry.worker.client;

import java.time.Duration;

/**
 * Whether Temporal answers a watch, told once per outage: without it a watch said nothing at all
 * while the server was down, where {@code ferry status} names the problem at once.
 */
final class TemporalReach {
  /** After an outage, workers take a few seconds to poll again: no "no worker" notice meanwhile. */
  static final Duration RECONNECT_GRACE = Duration.ofSeconds(30);

  private final String target;
  private boolean down;
  private long upSinceNanos = System.nanoTime() - RECONNECT_GRACE.toNanos();

  TemporalReach(String target) {
    this.target = target;
  }

  /** Notes a call that failed with {@code e}; the line that tells an outage began, else null. */
  String failed(RuntimeException e) {
    if (down || !Causes.unavailable(e)) {
      return null;
    }
    down = true;
    return "cannot reach Temporal at "
        + target
        + " (UNAVAILABLE); still trying, and this goes on once it answers";
  }

  /** Notes a call that Temporal answered; the line that tells an outage ended, else null. */
  String answered() {
    if (!down) {
      return null;
    }
    down = false;
    upSinceNanos = System.nanoTime();
    return "Temporal at " + target + " answers again";
  }

  /** Whether the last call found Temporal unreachable. */
  boolean down() {
    return down;
  }

  /** Whether Temporal came back so lately that workers may still be reconnecting. */
  boolean reconnecting() {
    return System.nanoTime() - upSinceNanos < RECONNECT_GRACE.toNanos();
  }
}
