package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MigrationSummariesTest {
  @Test
  void currentDetailsAreMarkdownWithNoSlashesTheUiCouldTurnIntoFractions() {
    MigrationProgress p =
        new MigrationProgress(
            "m",
            MigrationState.PAUSED,
            Mode.MOVE,
            "maintenance",
            true,
            1100,
            4L << 20,
            900,
            100,
            0,
            850,
            3L << 20,
            1,
            8,
            90.9,
            1024,
            12L,
            Instant.EPOCH,
            Instant.EPOCH);
    assertEquals(
        "**PAUSED** 90.9% \u2014 1000 of 1100 objects \u2014 paused: maintenance\n\n"
            + "- copied 900, skipped 100, failed 0, deleted 850\n"
            + "- 3.0 MiB copied, 1.0 KiB/s, ETA 12 s\n"
            + "- 1 of 8 ranges in flight",
        MigrationSummaries.currentDetails(p, null));
  }

  @Test
  void aListingInPartitionsSaysHowManyAreListed() {
    MigrationProgress one =
        new MigrationProgress(
            "m",
            MigrationState.RUNNING,
            Mode.COPY,
            null,
            false,
            10,
            10,
            0,
            0,
            0,
            0,
            0,
            1,
            8,
            0,
            0,
            null,
            Instant.EPOCH,
            Instant.EPOCH);
    assertEquals("listing", MigrationSummaries.listing(one));
    MigrationProgress split =
        new MigrationProgress(
            "m",
            MigrationState.RUNNING,
            Mode.COPY,
            null,
            false,
            10,
            10,
            0,
            0,
            0,
            0,
            0,
            1,
            8,
            0,
            0,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null,
            false,
            1,
            0,
            null,
            false,
            false,
            null,
            false,
            3,
            12,
            null,
            0);
    assertEquals("listing, 3 of 12 partitions listed", MigrationSummaries.listing(split));
    assertEquals(
        "**RUNNING** 0.0% — 0 of 10+ objects (listing, 3 of 12 partitions listed)",
        MigrationSummaries.currentDetails(split, null).lines().findFirst().orElseThrow());
  }

  @Test
  void rangeStepSummariesCountWhatTheStepWillLookAt() {
    assertEquals("copy 1 object, 12 B", MigrationSummaries.rangeSummary("copy", 1, 12));
    assertEquals(
        "verify (checksum) 128 objects",
        MigrationSummaries.verifySummary(Verification.CHECKSUM, 128));
    assertEquals("verify (size) 1 object", MigrationSummaries.verifySummary(Verification.SIZE, 1));
    assertEquals("delete up to 2 sources", MigrationSummaries.deleteSummary(2));
    assertEquals("delete up to 1 source", MigrationSummaries.deleteSummary(1));
  }

  @Test
  void workflowSummaryNamesModeAndLocations() {
    MigrationRequest r = MigrationRequest.of("src:b/in", "archive:/x");
    assertEquals("copy src:b/in -> archive:/x", MigrationSummaries.workflowSummary(r));
  }
}
