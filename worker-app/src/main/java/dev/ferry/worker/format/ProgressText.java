package dev.ferry.worker.format;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.PassSummary;
import java.time.Duration;
import java.util.Locale;

/**
 * Renders a {@link MigrationProgress} as the CLI shows it: a bar for terminals, a plain line for
 * logs and pipes, and the one-line summary printed at the end.
 *
 * <p>Pure functions of their arguments, so every shape is unit-tested. Totals that may still grow
 * (listing not complete) carry a {@code +}; a paused migration shows {@code PAUSED} and its reason.
 */
public final class ProgressText {
  private static final int BAR_WIDTH = 24;

  private ProgressText() {}

  /**
   * The live progress bar, e.g. {@code [#########...] 42.0% 13.1 MiB of 31.2 MiB 4.2 MiB/s ETA 5s |
   * 100 copied, 0 skipped, 0 failed | RUNNING}.
   *
   * @param inFlightBytes bytes already moved of objects still in flight (from heartbeats), added to
   *     the copied bytes so that one huge object visibly moves
   */
  public static String bar(MigrationProgress p, long inFlightBytes) {
    long moved = movedBytes(p, inFlightBytes);
    double percent = percent(p, moved);
    int filled = (int) Math.round(BAR_WIDTH * Math.max(0, Math.min(100, percent)) / 100.0);
    StringBuilder bar = new StringBuilder("[");
    bar.append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
    return bar.append(Units.percent(percent))
        .append(' ')
        .append(amounts(p, moved))
        .append(' ')
        .append(Units.rate(p.bytesPerSecond()))
        .append(" ETA ")
        .append(Units.duration(p.state() == MigrationState.PAUSED ? null : p.etaSeconds()))
        .append(" | ")
        .append(counts(p))
        .append(" | ")
        .append(state(p))
        .toString();
  }

  /**
   * One plain line for non-terminals, e.g. {@code RUNNING 42.0% 13.1 MiB of 31.2 MiB, 4.2 MiB/s,
   * ETA 5s, 100 copied, 0 skipped, 0 failed}.
   */
  public static String line(MigrationProgress p, long inFlightBytes) {
    long moved = movedBytes(p, inFlightBytes);
    return state(p)
        + ' '
        + Units.percent(percent(p, moved))
        + ' '
        + amounts(p, moved)
        + ", "
        + Units.rate(p.bytesPerSecond())
        + ", ETA "
        + Units.duration(p.state() == MigrationState.PAUSED ? null : p.etaSeconds())
        + ", "
        + counts(p);
  }

  /**
   * The final summary, e.g. {@code completed: 240 copied, 0 skipped, 0 failed, 0 deleted, 31.2 MiB
   * in 4.1 s}.
   *
   * @param elapsed how long the migration ran; from its own timestamps when it has them
   */
  public static String summary(MigrationProgress p, Duration elapsed) {
    return String.format(
        Locale.ROOT,
        "%s: %d copied, %d skipped, %d failed, %d deleted%s, %s in %s%s",
        p.state() == null ? "unknown" : p.state().name().toLowerCase(Locale.ROOT),
        p.objectsCopied(),
        p.objectsSkipped(),
        p.objectsFailed(),
        p.objectsDeleted(),
        kept(p),
        Units.bytes(p.bytesCopied()),
        Units.elapsed(elapsed.toMillis()),
        p.live() ? " (pass " + p.pass() + ", after " + p.passesCompleted() + " passes)" : "");
  }

  /** The migration's run time from its own timestamps, or {@code fallback} when it has none. */
  public static Duration elapsed(MigrationProgress p, Duration fallback) {
    if (p.startedAt() == null || p.updatedAt() == null || p.updatedAt().isBefore(p.startedAt())) {
      return fallback;
    }
    return Duration.between(p.startedAt(), p.updatedAt());
  }

  /** The most percent shows while objects are left: "100.0%" says they are done. */
  private static final double MAX_UNFINISHED = 99.9;

  private static long movedBytes(MigrationProgress p, long inFlightBytes) {
    long moved = p.bytesCopied() + Math.max(0, inFlightBytes);
    return p.listingComplete() && p.bytesTotal() > 0 ? Math.min(moved, p.bytesTotal()) : moved;
  }

  /**
   * The objects done, or the bytes moved where those are further, in percent; below 100.0 until
   * every object is done (2,501 of 2,502 objects read "100.0%" while 300 MiB were still to copy).
   */
  private static double percent(MigrationProgress p, long moved) {
    double percent =
        moved == p.bytesCopied() || p.bytesTotal() <= 0
            ? p.percent()
            : Math.max(p.percent(), 100.0 * moved / p.bytesTotal());
    return p.state() == MigrationState.COMPLETED || p.percent() >= 100
        ? percent
        : Math.min(MAX_UNFINISHED, percent);
  }

  /**
   * Copied bytes of the total. Skipped and failed objects count as done in the percent but move no
   * bytes, so once there are any the figure says "copied": a finished migration then reads "2.5 MiB
   * copied of 2.9 MiB", not as if bytes were missing.
   */
  private static String amounts(MigrationProgress p, long moved) {
    return Units.bytes(moved)
        + (p.dryRun() ? " to copy" : p.objectsSkipped() + p.objectsFailed() > 0 ? " copied" : "")
        + " of "
        + Units.bytes(p.bytesTotal())
        + (p.listingComplete() ? "" : "+");
  }

  private static String counts(MigrationProgress p) {
    if (p.dryRun()) {
      // A dry run writes nothing: its copy counters are what it would do.
      return "would copy "
          + p.objectsCopied()
          + ", skip "
          + p.objectsSkipped()
          + ", "
          + p.objectsFailed()
          + " failed";
    }
    return p.objectsCopied()
        + " copied, "
        + p.objectsSkipped()
        + " skipped, "
        + p.objectsFailed()
        + " failed"
        + (p.mode() == Mode.SYNC ? ", " + p.objectsDeleted() + " deleted" + kept(p) : "");
  }

  /** {@code , N kept (...)} for a sync that kept destination objects written since it listed. */
  private static String kept(MigrationProgress p) {
    return p.objectsKept() == 0
        ? ""
        : ", " + p.objectsKept() + " kept (written at the destination since the sync listed them)";
  }

  private static String state(MigrationProgress p) {
    if (p.state() == null) {
      return "UNKNOWN";
    }
    if (p.state() == MigrationState.PAUSED
        && p.pausedReason() != null
        && !p.pausedReason().isBlank()) {
      return "PAUSED (" + PrintableKeys.of(p.pausedReason()) + ")" + passes(p);
    }
    return p.state().name() + passes(p);
  }

  /** Where a live migration stands, e.g. {@code , pass 3 (last: 12 changed, 2 deleted)}. */
  static String passes(MigrationProgress p) {
    if (!p.live()) {
      return "";
    }
    StringBuilder b = new StringBuilder(", pass ").append(p.pass());
    if (p.nextPassAt() != null || p.passesCompleted() >= p.pass()) {
      b.append(" done");
    }
    if (p.finalPass()) {
      b.append(" (final, after cutover)");
    }
    PassSummary last = p.lastPass();
    if (last != null) {
      b.append(" (last pass: ")
          .append(last.objectsChanged())
          .append(" changed, ")
          .append(last.deleted())
          .append(" deleted")
          .append(p.converged() ? ", converged" : "")
          .append(')');
    }
    if (p.nextPassAt() != null) {
      b.append(", next pass at ").append(p.nextPassAt());
    }
    return b.toString();
  }
}
