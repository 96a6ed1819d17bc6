package dev.ferry.worker.format;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Counts a workflow's ETA down between its updates. The progress query answers as of the workflow's
 * last task, which may be seconds old while ranges run, so its ETA would otherwise stand still on
 * the screen. Timed by the watching client's own clock, from when it first saw that answer: no
 * clock of another machine is compared with it. Not thread-safe: one watcher feeds it.
 */
public final class EtaCountdown {
  private Instant updatedAt;
  private Long eta;
  private long seenAtNanos;

  /**
   * For a single look ({@code status}), {@code p} with its ETA less the time since the workflow
   * last changed, by this machine's clock (at least 1 s): between range completions the answer's
   * ETA stood still, so looks a minute apart showed the same ETA. A clock behind the workflow's
   * subtracts nothing.
   */
  public static MigrationProgress sinceUpdate(MigrationProgress p, Instant now) {
    if (p.state() != MigrationState.RUNNING
        || p.etaSeconds() == null
        || p.etaSeconds() <= 0
        || p.updatedAt() == null) {
      return p;
    }
    long passed = Math.max(0, Duration.between(p.updatedAt(), now).toSeconds());
    return p.withRate(p.bytesPerSecond(), Math.max(1, p.etaSeconds() - passed));
  }

  /** {@code p} with its ETA less the time since this answer was first seen (at least 1 s). */
  public MigrationProgress applyTo(MigrationProgress p, long nanos) {
    if (p.etaSeconds() == null || p.etaSeconds() <= 0) {
      eta = null;
      return p;
    }
    if (!Objects.equals(p.updatedAt(), updatedAt) || !p.etaSeconds().equals(eta)) {
      updatedAt = p.updatedAt();
      eta = p.etaSeconds();
      seenAtNanos = nanos;
    }
    long passed = (nanos - seenAtNanos) / 1_000_000_000L;
    return p.withRate(p.bytesPerSecond(), Math.max(1, eta - passed));
  }
}
