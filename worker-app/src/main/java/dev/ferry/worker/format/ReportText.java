package dev.ferry.worker.format;

import dev.ferry.activities.report.ReportTotals;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import java.util.ArrayList;
import java.util.List;

/** The {@code ferry report --format summary} lines. */
public final class ReportText {
  private ReportText() {}

  /** E.g. {@code 240 copied, 0 skipped, 3 failed, 240 deleted; 240 verified; 31.2 MiB copied}. */
  public static String totals(ReportTotals t) {
    if (t.dryRun()) {
      return String.format(
          "dry run: would copy %d, skip %d, delete %d (%s); %d failed",
          t.copied(), t.skipped(), t.wouldDelete(), Units.bytes(t.bytesCopied()), t.failed());
    }
    return String.format(
        "%d copied, %d skipped, %d failed, %d deleted%s; %d verified; %s copied",
        t.copied(),
        t.skipped(),
        t.failed(),
        t.deleted(),
        t.kept() > 0 ? ", " + t.kept() + " kept (written at the destination since listed)" : "",
        t.verified(),
        Units.bytes(t.bytesCopied()));
  }

  /**
   * How the totals compare with the migration's progress counters: equal, or each difference. A
   * running migration's report trails its counters by the parts not stored yet; a cancelled one's
   * counters trail its report by what the ranges the cancel cut short wrote.
   */
  public static String comparison(ReportTotals t, MigrationProgress p, boolean running) {
    List<String> differences = differences(t, p);
    if (differences.isEmpty()) {
      return "totals equal the progress counters" + (running ? " (migration still running)" : "");
    }
    String which;
    if (running) {
      which = "migration still running; report so far vs progress counters: ";
    } else if (cutShortByCancel(t, p)) {
      which =
          "migration cancelled: the report also names what the ranges the cancel cut short"
              + " wrote, which the counters leave out: ";
    } else {
      which = "totals differ from the progress counters: ";
    }
    return which + String.join(", ", differences);
  }

  /** Whether the report's totals and the progress counters differ beyond what a cancel explains. */
  public static boolean differ(ReportTotals t, MigrationProgress p) {
    return !differences(t, p).isEmpty() && !cutShortByCancel(t, p);
  }

  /** A cancelled migration whose report holds at least what its counters count, field by field. */
  private static boolean cutShortByCancel(ReportTotals t, MigrationProgress p) {
    return p.state() == MigrationState.CANCELLED
        && t.copied() >= p.objectsCopied()
        && t.skipped() >= p.objectsSkipped()
        && t.failed() >= p.objectsFailed()
        && t.deleted() >= p.objectsDeleted();
  }

  private static List<String> differences(ReportTotals t, MigrationProgress p) {
    List<String> differences = new ArrayList<>();
    differ(differences, "copied", t.copied(), p.objectsCopied());
    differ(differences, "skipped", t.skipped(), p.objectsSkipped());
    differ(differences, "failed", t.failed(), p.objectsFailed());
    // A dry run counts what it would delete, as its report's would-delete lines do.
    differ(differences, "deleted", t.dryRun() ? t.wouldDelete() : t.deleted(), p.objectsDeleted());
    differ(differences, "kept", t.kept(), p.objectsKept());
    return differences;
  }

  private static void differ(List<String> out, String name, long report, long counted) {
    if (report != counted) {
      out.add(name + " " + report + " in the report, " + counted + " counted");
    }
  }
}
