package dev.ferry.workflows;

import java.util.Locale;

/** One-line texts for the Web UI: workflow and activity summaries, current details. */
public final class MigrationSummaries {
  private MigrationSummaries() {}

  /** The static workflow summary the starting client sets, e.g. {@code copy src:b/in -> /x}. */
  public static String workflowSummary(MigrationRequest request) {
    return request.mode().name().toLowerCase(Locale.ROOT)
        + (request.dryRun() ? " (dry run) " : " ")
        + request.source()
        + " -> "
        + request.destination();
  }

  /** Summary of a range step, e.g. {@code copy 128 objects, 40.0 MiB}. */
  static String rangeSummary(String verb, long objects, long bytes) {
    return verb + " " + objects + (objects == 1 ? " object, " : " objects, ") + bytes(bytes);
  }

  /** Live details, e.g. {@code RUNNING 45.0% | 4500/10000 objects | 2.0 MiB/s | ETA 35 s}. */
  static String currentDetails(MigrationProgress p) {
    StringBuilder b = new StringBuilder();
    b.append(p.state()).append(' ').append(String.format(Locale.ROOT, "%.1f%%", p.percent()));
    b.append(" | ").append(p.objectsDone()).append('/').append(p.objectsTotal());
    b.append(p.listingComplete() ? " objects" : "+ objects (listing)");
    b.append(" | copied ")
        .append(p.objectsCopied())
        .append(", skipped ")
        .append(p.objectsSkipped());
    b.append(", failed ").append(p.objectsFailed());
    if (p.mode() == Mode.MOVE) {
      b.append(", deleted ").append(p.objectsDeleted());
    }
    b.append(" | ").append(bytes(p.bytesCopied())).append(" copied");
    b.append(" | ").append(bytes((long) p.bytesPerSecond())).append("/s");
    b.append(" | ")
        .append(p.inFlight())
        .append('/')
        .append(p.maxConcurrency())
        .append(" in flight");
    if (p.etaSeconds() != null) {
      b.append(" | ETA ").append(p.etaSeconds()).append(" s");
    }
    if (p.pausedReason() != null) {
      b.append(" | paused: ").append(p.pausedReason());
    }
    return b.toString();
  }

  /** Bytes in binary units with one decimal, e.g. {@code 40.0 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
