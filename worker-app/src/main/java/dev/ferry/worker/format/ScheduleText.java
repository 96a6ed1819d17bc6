package dev.ferry.worker.format;

import static java.util.stream.Collectors.joining;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The text of {@code ferry schedule describe} and {@code ferry schedule list}. */
public final class ScheduleText {
  private static final String TABLE = "%-30s %-7s %-8s %-21s %s%n";

  private ScheduleText() {}

  /** Prints one schedule: what it runs, how often, its state, next and recent runs. */
  public static void describe(ScheduleView v, PrintWriter out) {
    out.println("name:      " + v.name());
    out.println("action:    " + v.action());
    out.println("runs as:   " + v.workflowIdPrefix() + "-<time due>, task queue " + v.taskQueue());
    out.println("every:     " + v.every() + " (overlap: " + v.overlap() + ")");
    out.println(
        "state:     "
            + (v.paused() ? "paused" : "active")
            + (v.note() == null ? "" : " (" + v.note() + ")"));
    out.println("started:   " + v.runs() + " runs, " + v.skipped() + " skipped while one ran");
    if (!v.running().isEmpty()) {
      out.println("running:   " + String.join(", ", v.running()));
    }
    out.println("next:      " + next(v));
    for (ScheduleView.Run run : v.recentRuns()) {
      out.println("recent:    " + run.startedAt() + "  " + run.workflowId());
    }
  }

  /** Prints a table, one schedule per line. */
  public static void table(List<ScheduleView.Row> rows, PrintWriter out) {
    out.printf(Locale.ROOT, TABLE, "NAME", "STATE", "EVERY", "NEXT RUN", "LAST RUN");
    for (ScheduleView.Row r : rows) {
      out.printf(
          Locale.ROOT,
          TABLE,
          r.name(),
          r.paused() ? "paused" : "active",
          r.every(),
          r.paused() || r.nextRun() == null ? "-" : r.nextRun().toString(),
          r.lastRun() == null ? "-" : r.lastRun());
    }
  }

  /** {@code "; its run ID goes on (ferry cancel ID stops it)"}, or empty when none runs. */
  public static String runningNote(ScheduleView v) {
    if (v.running().isEmpty()) {
      return "";
    }
    String id = v.running().get(0);
    return "; its run " + id + " goes on (ferry cancel " + id + " stops it)";
  }

  private static String next(ScheduleView v) {
    if (v.paused()) {
      return "none while paused";
    }
    if (v.nextRuns().isEmpty()) {
      return "-";
    }
    return v.nextRuns().stream().limit(3).map(Instant::toString).collect(joining(", "));
  }
}
