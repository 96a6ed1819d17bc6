package dev.ferry.worker.format;

import dev.ferry.workflows.MigrationProgress;
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
  private final long windowNanos;
  private final Deque<long[]> samples = new ArrayDeque<>();

  /** A rate over the last {@code windowNanos} of samples. */
  public LiveRate(long windowNanos) {
    if (windowNanos <= 0) {
      throw new IllegalArgumentException("windowNanos must be positive: " + windowNanos);
    }
    this.windowNanos = windowNanos;
  }

  /** Records that {@code movedBytes} had moved at monotonic time {@code nanos}. */
  public void sample(long nanos, long movedBytes) {
    samples.addLast(new long[] {nanos, movedBytes});
    while (samples.size() > 2 && nanos - samples.peekFirst()[0] > windowNanos) {
      samples.removeFirst();
    }
  }

  /** Bytes per second over the window, or NaN until two samples a second apart exist. */
  public double bytesPerSecond() {
    if (samples.size() < 2) {
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
   * {@code p} with this rate and the ETA it implies, when this rate is known and the workflow's is
   * not higher; {@code p} unchanged otherwise.
   */
  public MigrationProgress applyTo(MigrationProgress p, long movedBytes) {
    double rate = bytesPerSecond();
    if (Double.isNaN(rate) || rate <= p.bytesPerSecond()) {
      return p;
    }
    Long eta = p.etaSeconds();
    if (p.listingComplete() && rate > 0) {
      eta = (long) Math.ceil(Math.max(0, p.bytesTotal() - movedBytes) / rate);
    }
    return p.withRate(rate, eta);
  }
}
