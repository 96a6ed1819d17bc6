package dev.ferry.workflows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.ToLongFunction;

/**
 * Rates over a recent time window, not the lifetime: samples of cumulative counters, of which those
 * older than the window are dropped except the newest of them, which serves as the baseline.
 *
 * <p>A rate is (newest value - baseline value) / (now - baseline time), so it decays when progress
 * stalls. Until a counter has grown for {@link #MIN_GROWTH_MILLIS}, its baseline is the first
 * sample; after, the sample where it first grew, when that is later. Ranges finish copy, then
 * verify, so the first bytes are done seconds after the first listing: counting those seconds of
 * filling the pipeline made a short run's first ETA several times too long. Times are workflow time
 * in milliseconds; the class does no I/O and reads no clock.
 */
final class ThroughputWindow {
  /** How long a counter must have grown before its rate starts where it first grew. */
  static final long MIN_GROWTH_MILLIS = 3_000;

  private record Sample(long atMillis, long bytesCopied, long bytesDone, long objectsDone) {}

  private static final ToLongFunction<Sample> BYTES_COPIED = Sample::bytesCopied;
  private static final ToLongFunction<Sample> BYTES_DONE = Sample::bytesDone;
  private static final ToLongFunction<Sample> OBJECTS_DONE = Sample::objectsDone;

  private final long windowMillis;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private Sample first;
  // The first sample in which each counter was above its value in the first sample.
  private Sample copiedGrew;
  private Sample doneGrew;
  private Sample objectsGrew;

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
    Sample sample = new Sample(atMillis, bytesCopied, bytesDone, objectsDone);
    samples.addLast(sample);
    if (first == null) {
      first = sample;
    }
    copiedGrew = grewAt(copiedGrew, sample, BYTES_COPIED);
    doneGrew = grewAt(doneGrew, sample, BYTES_DONE);
    objectsGrew = grewAt(objectsGrew, sample, OBJECTS_DONE);
    // Keep one sample at or before the window's start as the baseline.
    while (samples.size() > 2) {
      Sample oldest = samples.pollFirst();
      Sample second = samples.peekFirst();
      if (second.atMillis() > atMillis - windowMillis) {
        samples.addFirst(oldest);
        break;
      }
    }
  }

  private Sample grewAt(Sample grew, Sample sample, ToLongFunction<Sample> value) {
    return grew == null && value.applyAsLong(sample) > value.applyAsLong(first) ? sample : grew;
  }

  /** Bytes copied per second over the window ending at {@code nowMillis}; 0 when unknown. */
  double bytesCopiedPerSecond(long nowMillis) {
    return rate(nowMillis, BYTES_COPIED, copiedGrew);
  }

  /** Bytes finished (copied, skipped or failed) per second; 0 when unknown. */
  double bytesDonePerSecond(long nowMillis) {
    return rate(nowMillis, BYTES_DONE, doneGrew);
  }

  /** Objects finished per second; 0 when unknown. */
  double objectsDonePerSecond(long nowMillis) {
    return rate(nowMillis, OBJECTS_DONE, objectsGrew);
  }

  private double rate(long nowMillis, ToLongFunction<Sample> value, Sample grew) {
    if (samples.size() < 2) {
      return 0;
    }
    Sample base = samples.peekFirst();
    Sample last = samples.peekLast();
    if (grew != null
        && grew.atMillis() > base.atMillis()
        && last.atMillis() - grew.atMillis() >= MIN_GROWTH_MILLIS) {
      base = grew;
    }
    long elapsed = Math.max(nowMillis, last.atMillis()) - base.atMillis();
    if (elapsed <= 0) {
      return 0;
    }
    return (value.applyAsLong(last) - value.applyAsLong(base)) * 1000.0 / elapsed;
  }
}
