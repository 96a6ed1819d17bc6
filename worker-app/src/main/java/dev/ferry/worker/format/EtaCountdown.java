package dev.ferry.worker.format;

import dev.ferry.workflows.MigrationProgress;
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
