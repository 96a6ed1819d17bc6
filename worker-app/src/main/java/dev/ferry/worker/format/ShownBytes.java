package dev.ferry.worker.format;

/**
 * The bytes moved as a watching client shows them: never fewer than it has shown, while the
 * workflow's own count does not fall.
 *
 * <p>The in-flight part comes from heartbeats, which lag the workflow's count by different amounts:
 * a range that has just ended is in neither count until the workflow has taken its result, a range
 * retried after a transient error starts again from its last stored state, and a describe that
 * fails counts nothing. So the sum can dip for a moment where the bytes moved did not. When the
 * workflow's count falls (a new pass counts from zero), what is shown starts again from it. Not
 * thread-safe: one watcher feeds it.
 */
public final class ShownBytes {
  private long lastCopied = -1;
  private long shown;

  /**
   * The in-flight bytes to show beside {@code copied}, the workflow's count of bytes copied, given
   * the {@code inFlight} bytes the heartbeats report now.
   */
  public long inFlight(long copied, long inFlight) {
    if (copied < lastCopied) {
      shown = 0;
    }
    lastCopied = copied;
    shown = Math.max(shown, copied + Math.max(0, inFlight));
    return shown - copied;
  }

  /**
   * No in-flight bytes beside {@code copied} while the migration does not run: a paused one's
   * counters hold what its stopped ranges did, and a heartbeat of a range that stopped would stay
   * shown (an audit's watch kept 64.2 MiB where the counters and status said 148 KiB).
   */
  public long notRunning(long copied) {
    lastCopied = copied;
    shown = copied;
    return 0;
  }
}
