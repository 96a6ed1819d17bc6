package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ProgressViewTest {
  private final ProgressView view = new ProgressView();
  private final MigrationLedger ledger = new MigrationLedger();
  private final MigrationControl control = new MigrationControl();

  @Test
  void ratesStartAtTheFirstListingNotAtTheStart() {
    // Preflight and the first listing take five seconds; a second later a tenth is copied.
    startAndListAt(5_000);
    copyATenthAt(6_000);

    MigrationProgress p = progressAt(6_000);
    // Counted from the start, the rate would be 1,667 B/s and the ETA 54 s.
    assertEquals(10_000.0, p.bytesPerSecond(), 0.001);
    assertEquals(9L, p.etaSeconds());
  }

  @Test
  void aPausedMigrationForeseesNoEnd() {
    startAndListAt(5_000);
    copyATenthAt(6_000);
    control.pause("maintenance");

    assertNull(progressAt(6_000).etaSeconds());
    // Nor does it move: the rate of its last minute was the 17.6 MiB/s of a paused run.
    assertEquals(0.0, progressAt(6_000).bytesPerSecond());
  }

  @Test
  void aStallAfterTheFirstListingStillSlowsTheRate() {
    startAndListAt(1_000);
    copyATenthAt(11_000);

    assertEquals(1_000.0, progressAt(11_000).bytesPerSecond(), 0.001);
  }

  @Test
  void theRateAfterAResumeLeavesOutThePause() {
    startAndListAt(1_000);
    copyATenthAt(2_000);
    control.pause("maintenance");
    // Paused for an hour; resumed, the next tenth takes a second.
    control.resume();
    view.resumed(3_602_000);
    view.record(3_602_000, ledger);

    MigrationProgress resumed = progressAt(3_602_000);
    // Counted from before the pause, the rate would be 3 B/s and the ETA over six hours.
    assertEquals(10_000.0, resumed.bytesPerSecond(), 0.001);
    assertEquals(9L, resumed.etaSeconds());

    ledger.objectsCopied = 20;
    ledger.bytesCopied = 20_000;
    ledger.bytesDone = 20_000;
    view.record(3_603_000, ledger);
    assertEquals(10_000.0, progressAt(3_603_000).bytesPerSecond(), 0.001);
    assertEquals(8L, progressAt(3_603_000).etaSeconds());
  }

  /** Starts the migration at 0 and lists 100 objects of 1,000 bytes at {@code t}. */
  private void startAndListAt(long t) {
    control.start(8);
    view.started(0);
    view.record(0, ledger);
    ledger.listed(new KeyRange(null, "k99", 100, 100_000));
    view.record(t, ledger);
  }

  private void copyATenthAt(long t) {
    ledger.objectsCopied = 10;
    ledger.bytesCopied = 10_000;
    ledger.bytesDone = 10_000;
    view.record(t, ledger);
  }

  private MigrationProgress progressAt(long now) {
    return view.progress(
        "m",
        now,
        null,
        control,
        ledger,
        new SourceListing(),
        0,
        new DeleteApproval(),
        new Passes(),
        StepCounts.NONE);
  }
}
