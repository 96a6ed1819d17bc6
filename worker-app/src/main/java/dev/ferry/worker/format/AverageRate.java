package dev.ferry.worker.format;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import java.time.Duration;
import java.time.Instant;

/**
 * The rate a migration has kept since it started, over every byte moved, those of objects still in
 * flight included: the floor under the rate a client shows.
 *
 * <p>The workflow's rate counts ranges that finished. While a few large objects are in flight and
 * only a small one has finished, that rate was bytes per second and its ETA months (an audit saw
 * "72 B/s, ETA 131d22h" three seconds into a 786 MiB copy that took 30 s); {@code status}, a single
 * look, has no rate of its own to correct it with.
 */
public final class AverageRate {
  private static final Duration MIN_ELAPSED = Duration.ofSeconds(1);

  private AverageRate() {}

  /**
   * {@code p} with the average rate since its start and the ETA it implies, where that rate is the
   * higher one; {@code p} unchanged otherwise, and for a live migration after its first pass (whose
   * counters start again with each pass).
   *
   * @param movedBytes bytes copied, those of objects in flight included
   */
  public static MigrationProgress atLeast(MigrationProgress p, long movedBytes, Instant now) {
    if (p.state() != MigrationState.RUNNING
        || p.startedAt() == null
        || p.pass() > 1
        || movedBytes <= p.bytesCopied()) {
      return p;
    }
    Duration elapsed = Duration.between(p.startedAt(), now);
    if (elapsed.compareTo(MIN_ELAPSED) < 0) {
      return p;
    }
    double rate = movedBytes * 1e3 / elapsed.toMillis();
    return rate <= p.bytesPerSecond() ? p : withRate(p, rate, movedBytes);
  }

  /**
   * {@code p} with the ETA of the bytes left after {@code movedBytes} at the rate it shows, where
   * that is sooner than its own ETA. The workflow's ETA counts the bytes of ranges that finished:
   * with a large object in flight it read minutes where seconds were left (an audit: "11.1 MiB/s,
   * ETA 7m26s" with 18 MiB to go). Its own ETA stays where it is sooner, as with skipped objects,
   * whose bytes count as done there but not as moved here, or once every byte is moved and a move's
   * verify and delete steps remain.
   *
   * @param movedBytes bytes copied, those of objects in flight included
   */
  public static MigrationProgress soonerByBytesLeft(MigrationProgress p, long movedBytes) {
    if (p.state() != MigrationState.RUNNING
        || !p.listingComplete()
        || p.bytesPerSecond() <= 0
        || movedBytes >= p.bytesTotal()) {
      return p;
    }
    MigrationProgress byBytesLeft = withRate(p, p.bytesPerSecond(), movedBytes);
    return p.etaSeconds() != null && p.etaSeconds() <= byBytesLeft.etaSeconds() ? p : byBytesLeft;
  }

  /**
   * {@code p} at {@code rate} (above 0), with the ETA of the bytes left after {@code movedBytes}
   * once the listing is complete (before, the total is not known yet).
   */
  static MigrationProgress withRate(MigrationProgress p, double rate, long movedBytes) {
    Long eta = p.etaSeconds();
    if (p.listingComplete()) {
      eta = (long) Math.ceil(Math.max(0, p.bytesTotal() - movedBytes) / rate);
    }
    return p.withRate(rate, eta);
  }
}
