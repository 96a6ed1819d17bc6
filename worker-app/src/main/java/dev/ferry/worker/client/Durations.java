package dev.ferry.worker.client;

import dev.ferry.worker.common.BadInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as flags take them: one or more whole numbers each with a unit, {@code s}, {@code m},
 * {@code h} or {@code d}, e.g. {@code 30m}, {@code 24h}, {@code 7d}, {@code 1h30m}.
 */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+[smhd])+");
  private static final Pattern PART = Pattern.compile("([0-9]+)([smhd])");

  private Durations() {}

  /**
   * Parses {@code text}, the value of {@code flag}.
   *
   * @throws BadInputException naming the flag and the accepted forms when it is not a duration
   */
  public static Duration parse(String flag, String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (!WHOLE.matcher(value).matches()) {
      throw new BadInputException(
          flag + " '" + text + "' is not a duration",
          "write a number and a unit s, m, h or d, e.g. " + flag + " 24h, 30m or 7d");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(value);
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  default -> Duration.ofDays(n);
                });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new BadInputException(
          flag + " '" + text + "' is too long a duration", "use at most a few years", e);
    }
    return total;
  }
}
