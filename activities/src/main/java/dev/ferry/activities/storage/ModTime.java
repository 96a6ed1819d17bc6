package dev.ferry.activities.storage;

import java.time.Instant;
import java.util.Map;

/**
 * A file's modification time as user metadata, in rclone's convention: the entry {@value #KEY} (on
 * S3 the header {@code X-Amz-Meta-Mtime}) holding seconds since the epoch in fixed-point decimal
 * with up to nine fractional digits and no trailing zeros, e.g. {@code 1613579445.123456789},
 * {@code 1613579445.5} or {@code 1613579445}.
 */
public final class ModTime {
  /** The user metadata entry. */
  public static final String KEY = "mtime";

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private ModTime() {}

  /** {@code time} as rclone writes it. */
  public static String format(Instant time) {
    long seconds = time.getEpochSecond();
    int nanos = time.getNano();
    if (seconds < 0 && nanos > 0) {
      // rclone writes a time before the epoch as a minus sign and the distance to the epoch.
      return "-" + format(Instant.ofEpochSecond(-seconds - 1, NANOS_PER_SECOND - nanos));
    }
    if (nanos == 0) {
      return Long.toString(seconds);
    }
    String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
    return seconds + "." + fraction;
  }

  /**
   * The time {@code value} names, or null when it is not a number of seconds in that form (digits
   * beyond nine after the point are ignored, as rclone does).
   */
  public static Instant parse(String value) {
    if (value == null || !value.matches("-?[0-9]{1,19}(\\.[0-9]*)?")) {
      return null;
    }
    boolean negative = value.startsWith("-");
    String digits = negative ? value.substring(1) : value;
    int point = digits.indexOf('.');
    String whole = point < 0 ? digits : digits.substring(0, point);
    String fraction = point < 0 ? "" : digits.substring(point + 1);
    fraction = (fraction + "000000000").substring(0, 9);
    try {
      long seconds = Long.parseLong(whole);
      long nanos = Long.parseLong(fraction);
      Instant t = Instant.ofEpochSecond(seconds, nanos);
      return negative ? Instant.ofEpochSecond(-seconds, -nanos) : t;
    } catch (RuntimeException e) {
      return null; // beyond what an Instant holds
    }
  }

  /** The time in {@code userMetadata}'s {@value #KEY} entry, or null when absent or unreadable. */
  public static Instant of(Map<String, String> userMetadata) {
    return userMetadata == null ? null : parse(userMetadata.get(KEY));
  }

  /**
   * Whether two modification times name the same moment as far as the coarser of them can tell: a
   * filesystem that keeps whole seconds (or milliseconds) stores a time cut to those, so {@code
   * 12.000} is the same as {@code 12.345678}, while {@code 12.5} and {@code 12.6} differ. The
   * precision of each time is read from its trailing zero digits.
   */
  public static boolean same(Instant a, Instant b) {
    if (a.equals(b)) {
      return true;
    }
    long unit = Math.max(unit(a), unit(b));
    return truncate(a, unit).equals(truncate(b, unit));
  }

  private static long unit(Instant t) {
    int nanos = t.getNano();
    if (nanos == 0) {
      return NANOS_PER_SECOND;
    }
    long unit = 1;
    while (nanos % (unit * 10) == 0) {
      unit *= 10;
    }
    return unit;
  }

  private static Instant truncate(Instant t, long unit) {
    return Instant.ofEpochSecond(t.getEpochSecond(), t.getNano() / unit * unit);
  }
}
