package dev.ferry.worker.format;

import dev.ferry.activities.storage.IncompleteUpload;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code ferry uploads} prints: a table of incomplete uploads and one summary line. */
public final class UploadsText {
  private static final int KEY_WIDTH_MAX = 60;

  private UploadsText() {}

  /** One upload in {@code --json} output; {@code bytes} is null when the store does not say. */
  public record Row(
      String key,
      String uploadId,
      Instant initiated,
      long ageSeconds,
      Long bytes,
      Boolean aborted,
      String error) {}

  /** The {@code --json} object; {@code aborted} is null without {@code --abort}. */
  public record Report(
      String location, Long olderThanSeconds, int listed, Integer aborted, List<Row> uploads) {}

  /**
   * A header and one line per upload: key (control characters as {@code \xNN}), start in UTC, age,
   * bytes ({@code ?} when unknown); empty when there are none.
   */
  public static String table(List<IncompleteUpload> uploads, Instant now) {
    if (uploads.isEmpty()) {
      return "";
    }
    int width =
        Math.min(
            KEY_WIDTH_MAX,
            Math.max(
                3,
                uploads.stream()
                    .mapToInt(u -> PrintableKeys.of(u.key()).length())
                    .max()
                    .orElse(0)));
    String format = "%-" + width + "s  %-20s  %6s  %9s%n";
    StringBuilder out =
        new StringBuilder(String.format(Locale.ROOT, format, "KEY", "INITIATED", "AGE", "BYTES"));
    for (IncompleteUpload u : uploads) {
      out.append(
          String.format(
              Locale.ROOT,
              format,
              PrintableKeys.of(u.key()),
              u.initiated().truncatedTo(ChronoUnit.SECONDS),
              Units.duration(ageSeconds(u, now)),
              u.bytes() < 0 ? "?" : Units.bytes(u.bytes())));
    }
    return out.toString();
  }

  /**
   * {@code 3 incomplete uploads under LOC}, with {@code older than 24h} when filtered ({@code
   * olderThan} is the flag's value as given, or null).
   */
  public static String summary(int listed, String location, String olderThan) {
    return count(listed) + olderThan(olderThan) + " under " + location;
  }

  /** {@code aborted N of M incomplete uploads under LOC}, as {@link #summary}. */
  public static String abortSummary(int aborted, int listed, String location, String olderThan) {
    return "aborted "
        + aborted
        + " of "
        + count(listed)
        + olderThan(olderThan)
        + " under "
        + location;
  }

  /**
   * The {@code --json} report; {@code failures} (upload to error) is null without {@code --abort},
   * else every upload not in it was aborted.
   */
  public static Report report(
      String location,
      Duration olderThan,
      List<IncompleteUpload> uploads,
      Instant now,
      Map<IncompleteUpload, String> failures) {
    List<Row> rows = new ArrayList<>(uploads.size());
    for (IncompleteUpload u : uploads) {
      rows.add(
          new Row(
              u.key(),
              u.uploadId(),
              u.initiated(),
              ageSeconds(u, now),
              u.bytes() < 0 ? null : u.bytes(),
              failures == null ? null : !failures.containsKey(u),
              failures == null ? null : failures.get(u)));
    }
    return new Report(
        location,
        olderThan == null ? null : olderThan.toSeconds(),
        uploads.size(),
        failures == null ? null : uploads.size() - failures.size(),
        rows);
  }

  private static long ageSeconds(IncompleteUpload u, Instant now) {
    return Math.max(0, Duration.between(u.initiated(), now).toSeconds());
  }

  private static String count(int n) {
    return n + (n == 1 ? " incomplete upload" : " incomplete uploads");
  }

  private static String olderThan(String olderThan) {
    return olderThan == null ? "" : " older than " + olderThan;
  }
}
