package dev.ferry.workflows;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Rates over a recent time window, not the lifetime: samples of cumulative counters, of which those
 * older than the window are dropped except the newest of them, which serves as the baseline.
 *
 * <p>A rate is (newest value - baseline value) / (now - baseline time), so it decays when progress
 * stalls. Times are workflow time in milliseconds; the class does no I/O and reads no clock.
 */
final class ThroughputWindow {
  private record Sample(long atMillis, long bytesCopied, long bytesDone, long objectsDone) {}

  private final long windowMillis;
  private final Deque<Sample> samples = new ArrayDeque<>();

  ThroughputWindow(long windowMillis) {
    if (windowMillis <= 0) {
      throw new IllegalArgumentException("windowMillis must be positive: " + windowMillis);
    }
    this.windowMillis = windowMillis;
  }

  /** Records the cumulative counters at {@code atMillis} (non-decreasing times). */
  void record(long atMillis, long bytesCopied, long bytesDone, long objectsDone) {
    Sample last = samples.peekLast();
    if (last != null && last.atMillis() == atMillis) {
      samples.pollLast();
    }
    samples.addLast(new Sample(atMillis, bytesCopied, bytesDone, objectsDone));
    // Keep one sample at or before the window's start as the baseline.
    while (samples.size() > 2) {
      Sample first = samples.pollFirst();
      Sample second = samples.peekFirst();
      if (second.atMillis() > atMillis - windowMillis) {
        samples.addFirst(first);
        break;
      }
    }
  }

  /**
   * Moves every sample later by the time since the newest, as if that stretch had not passed: the
   * rates go on from where they stood then, not diluted by it.
   */
  void skipTo(long nowMillis) {
    Sample newest = samples.peekLast();
    long gap = newest == null ? 0 : nowMillis - newest.atMillis();
    if (gap <= 0) {
      return;
    }
    int n = samples.size();
    for (int i = 0; i < n; i++) {
      Sample s = samples.pollFirst();
      samples.addLast(
          new Sample(s.atMillis() + gap, s.bytesCopied(), s.bytesDone(), s.objectsDone()));
    }
  }

  /** Bytes copied per second over the window ending at {@code nowMillis}; 0 when unknown. */
  double bytesCopiedPerSecond(long nowMillis) {
    return rate(nowMillis, Sample::bytesCopied);
  }

  /** Bytes finished (copied, skipped or failed) per second; 0 when unknown. */
  double bytesDonePerSecond(long nowMillis) {
    return rate(nowMillis, Sample::bytesDone);
  }

  /** Objects finished per second; 0 when unknown. */
  double objectsDonePerSecond(long nowMillis) {
    return rate(nowMillis, Sample::objectsDone);
  }

  private double rate(long nowMillis, java.util.function.ToLongFunction<Sample> value) {
    if (samples.size() < 2) {
      return 0;
    }
    Sample base = samples.peekFirst();
    Sample last = samples.peekLast();
    long elapsed = Math.max(nowMillis, last.atMillis()) - base.atMillis();
    if (elapsed <= 0) {
      return 0;
    }
    return (value.applyAsLong(last) - value.applyAsLong(base)) * 1000.0 / elapsed;
  }
}
