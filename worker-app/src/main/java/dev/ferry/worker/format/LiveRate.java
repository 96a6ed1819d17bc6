package dev.ferry.worker.format;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The transfer rate a watching client measures itself, from the bytes moved (finished ranges plus
 * in-flight heartbeat bytes) over a recent window.
 *
 * <p>The workflow's own rate only moves when ranges finish, so during one huge object it stays at
 * zero; this one follows the heartbeats. Not thread-safe: one watcher feeds it.
 */
public final class LiveRate {
  /**
   * How far apart two growths of the moved bytes must be before they make a rate: more than one
   * round of heartbeats, which reach the server at most every 2 s per range.
   */
  static final long MIN_GROWTH_SPAN_NANOS = 3_000_000_000L;

  private final long windowNanos;
  private final Deque<long[]> samples = new ArrayDeque<>();
  // The moved bytes first grew at firstGrowth and last grew at lastGrowth; -1 before that.
  private long firstGrowth = -1;
  private long lastGrowth = -1;

  /** A rate over the last {@code windowNanos} of samples. */
  public LiveRate(long windowNanos) {
    if (windowNanos <= 0) {
      throw new IllegalArgumentException("windowNanos must be positive: " + windowNanos);
    }
    this.windowNanos = windowNanos;
  }

  /** Records that {@code movedBytes} had moved at monotonic time {@code nanos}. */
  public void sample(long nanos, long movedBytes) {
    if (firstGrowth < 0 && !samples.isEmpty() && movedBytes <= samples.peekLast()[1]) {
      // Nothing has moved yet: the rate starts from the newest such sample, not from the time a
      // migration spent listing before its first copy.
      samples.clear();
    }
    if (!samples.isEmpty() && movedBytes > samples.peekLast()[1]) {
      firstGrowth = firstGrowth < 0 ? nanos : firstGrowth;
      lastGrowth = nanos;
    }
    samples.addLast(new long[] {nanos, movedBytes});
    while (samples.size() > 2 && nanos - samples.peekFirst()[0] > windowNanos) {
      samples.removeFirst();
    }
  }

  /**
   * Bytes per second over the window, or NaN until it spans a second and the moved bytes have grown
   * at times at least {@link #MIN_GROWTH_SPAN_NANOS} apart.
   *
   * <p>Growth within a few seconds is not yet a rate: at the start the bytes of the first objects
   * of every range arrive together with their first heartbeats, and a rate from them alone promised
   * hours for a run of seconds (when heartbeats repeated a report's stored state) or far too little
   * for a run of minutes.
   */
  public double bytesPerSecond() {
    if (samples.size() < 2 || lastGrowth - firstGrowth < MIN_GROWTH_SPAN_NANOS) {
      return Double.NaN;
    }
    long[] first = samples.peekFirst();
    long[] last = samples.peekLast();
    long nanos = last[0] - first[0];
    if (nanos < 1_000_000_000L) {
      return Double.NaN;
    }
    return Math.max(0, last[1] - first[1]) * 1e9 / nanos;
  }

  /**
   * {@code p} with this rate and the ETA it implies, when {@code p} runs, this rate is known and
   * the workflow's is not higher; {@code p} unchanged otherwise: a paused migration moves nothing,
   * though the window still holds the bytes it moved before.
   */
  public MigrationProgress applyTo(MigrationProgress p, long movedBytes) {
    double rate = bytesPerSecond();
    if (p.state() != MigrationState.RUNNING || Double.isNaN(rate) || rate <= p.bytesPerSecond()) {
      return p;
    }
    return AverageRate.withRate(p, rate, movedBytes);
  }
}
