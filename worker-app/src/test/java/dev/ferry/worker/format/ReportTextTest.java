package dev.ferry.worker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.report.ReportTotals;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import org.junit.jupiter.api.Test;

/** How a report's totals are held against the counters of a migration that ended. */
class ReportTextTest {
  private static final ReportTotals REPORTED = new ReportTotals(264, 0, 0, 0, 0, 264, false, 0, 0);

  @Test
  void aCancelledMigrationsReportMayHoldMoreThanItsCounters() {
    MigrationProgress cancelled = MigrationProgress.unknownCounters("c", MigrationState.CANCELLED);
    assertFalse(ReportText.differ(REPORTED, cancelled));
    assertEquals(
        "migration cancelled: the report also names what the ranges the cancel cut short wrote,"
            + " which the counters leave out: copied 264 in the report, 0 counted",
        ReportText.comparison(REPORTED, cancelled, false));
  }

  @Test
  void otherwiseEveryDifferenceIsOne() {
    MigrationProgress failed = MigrationProgress.unknownCounters("f", MigrationState.FAILED);
    assertTrue(ReportText.differ(REPORTED, failed));
    assertTrue(
        ReportText.comparison(REPORTED, failed, false)
            .startsWith("totals differ from the progress counters: copied 264"));
    // Counters beyond the report are not what a cancel leaves: the report lost something.
    ReportTotals short1 = new ReportTotals(0, 0, 0, 0, 0, 0, false, 0, 0);
    MigrationProgress counted =
        new MigrationProgress(
            "c",
            MigrationState.CANCELLED,
            null,
            null,
            true,
            1,
            1,
            1,
            0,
            0,
            0,
            1,
            0,
            0,
            0,
            0,
            null,
            null,
            null);
    assertTrue(ReportText.differ(short1, counted));
  }
}
