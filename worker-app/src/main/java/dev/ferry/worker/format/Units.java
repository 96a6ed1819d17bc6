package dev.ferry.worker.format;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes, rates and durations as the CLI prints them (IEC units, one decimal). */
public final class Units {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Units() {}

  /** Formats a byte count, e.g. {@code 512 B}, {@code 31.2 MiB}. Negative counts read as zero. */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return Math.max(0, bytes) + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** Formats a transfer rate, e.g. {@code 4.2 MiB/s}. */
  public static String rate(double bytesPerSecond) {
    if (!(bytesPerSecond > 0) || Double.isInfinite(bytesPerSecond)) {
      return "0 B/s";
    }
    return bytes((long) bytesPerSecond) + "/s";
  }

  /** Formats an elapsed time for the summary line, e.g. {@code 4.1 s}, {@code 2m05s}. */
  public static String elapsed(long millis) {
    long ms = Math.max(0, millis);
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return duration(ms / 1000);
  }

  /**
   * Formats a remaining time compactly, e.g. {@code 5s}, {@code 3m20s}, {@code 2h05m}, {@code
   * 3d04h}; {@code ?} when unknown (null or negative).
   */
  public static String duration(Long seconds) {
    if (seconds == null || seconds < 0) {
      return "?";
    }
    long s = seconds;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, (s % 86_400) / 3600);
  }

  /** Formats a duration exactly in whole units, e.g. {@code 5s}, {@code 1h30m}, {@code 7d}. */
  public static String exactDuration(Duration duration) {
    long s = Math.max(0, duration.getSeconds());
    if (s == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long[] sizes = {86_400, 3600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (s >= sizes[i]) {
        b.append(s / sizes[i]).append(names[i]);
        s %= sizes[i];
      }
    }
    return b.toString();
  }

  /** Formats a percentage with one decimal, clamped to 0..100. */
  public static String percent(double percent) {
    double p = Double.isNaN(percent) ? 0 : Math.max(0, Math.min(100, percent));
    return String.format(Locale.ROOT, "%.1f%%", p);
  }
}
