package dev.ferry.workflows;

import java.util.Locale;

/** Texts for the Web UI: workflow and activity summaries (one line), current details. */
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

  /** Summary of a verify step, e.g. {@code verify (checksum) 128 objects}. */
  static String verifySummary(Verification level, long objects) {
    return "verify (" + level.name().toLowerCase(Locale.ROOT) + ") " + count(objects, "object");
  }

  /** Summary of a delete step, e.g. {@code delete up to 128 sources}. */
  static String deleteSummary(long objects) {
    return "delete up to " + count(objects, "source");
  }

  /** Summary of a sync's prune step, e.g. {@code delete up to 3 destination objects}. */
  static String pruneSummary(long objects) {
    return "delete up to " + count(objects, "destination object") + " the source no longer has";
  }

  /** What the listing has done: partitions when it split, as the status line says too. */
  static String listing(MigrationProgress p) {
    return p.partitionsKnown() > 1
        ? "listing, " + p.partitionsListed() + " of " + p.partitionsKnown() + " partitions listed"
        : "listing";
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * Live details in Markdown: state, percent and counts on top, one list item per aspect; {@code
   * summary} (or null) first, as code, where the UI could take a location's digits for a fraction.
   */
  static String currentDetails(MigrationProgress p, String summary) {
    // The Web UI renders current details as Markdown: a bold headline and a list read well there
    // and stay readable as plain text in `temporal workflow describe`.
    StringBuilder b = new StringBuilder();
    if (summary != null) {
      b.append('`').append(summary.replace('`', '\'')).append("` ");
    }
    b.append("**").append(p.state()).append("** ");
    b.append(String.format(Locale.ROOT, "%.1f%%", p.percent()));
    b.append(" \u2014 ").append(p.objectsDone()).append(" of ").append(p.objectsTotal());
    b.append(p.listingComplete() ? " objects" : "+ objects (" + listing(p) + ")");
    if (p.pausedReason() != null) {
      b.append(" \u2014 paused: ").append(p.pausedReason());
    } else if (p.nextPassAt() != null) {
      b.append(" \u2014 next pass at ").append(p.nextPassAt());
    }
    // A blank line before the list: the UI's renderer does not let a list interrupt a paragraph.
    // Three items at most: the UI's details panel shows about four lines.
    b.append("\n\n");
    b.append("- copied ").append(p.objectsCopied());
    b.append(", skipped ").append(p.objectsSkipped());
    b.append(", failed ").append(p.objectsFailed());
    if (p.mode() != Mode.COPY) {
      b.append(", deleted ").append(p.objectsDeleted());
    }
    if (p.objectsKept() > 0) {
      b.append(", kept ").append(p.objectsKept()); // written at the destination since listed
    }
    if (p.pass() > 1 || p.passesCompleted() > 0) {
      b.append(", pass ").append(p.pass());
      b.append(p.finalPass() ? " (final)" : "");
    }
    b.append('\n');
    b.append("- ").append(bytes(p.bytesCopied())).append(" copied, ");
    b.append(bytes((long) p.bytesPerSecond())).append("/s");
    if (p.etaSeconds() != null) {
      b.append(", ETA ").append(p.etaSeconds()).append(" s");
    }
    b.append('\n');
    b.append("- ").append(p.inFlight()).append(" of ").append(p.maxConcurrency());
    b.append(" ranges in flight");
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
