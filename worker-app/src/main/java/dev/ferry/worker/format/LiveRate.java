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
  /** How far apart two growths of the moved bytes must be before they make a rate. */
  static final long MIN_GROWTH_SPAN_NANOS = 5_000_000_000L;

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
   * <p>Growth within a few seconds is not yet a rate: a range's heartbeats carry its finished bytes
   * only every few seconds (between two stores of its report they repeat the last stored state, and
   * between small objects a range heartbeats every 10 s), so at the start the bytes of a few
   * objects per range arrive together and then stand still, and a rate from them promised hours for
   * a run of seconds.
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
