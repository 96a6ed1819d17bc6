package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressViewTest {
  private final ProgressView view = new ProgressView();
  private final MigrationLedger ledger = new MigrationLedger();
  private final MigrationControl control = new MigrationControl();

  @Test
  void ratesStartAtTheFirstListingNotAtTheStart() {
    control.start(8);
    view.started(0);
    view.record(0, ledger);
    // Preflight and the first listing take five seconds; then 100 objects of 1,000 bytes are known.
    ledger.listed(new KeyRange(null, "k99", 100, 100_000));
    view.record(5_000, ledger);
    // One second later a tenth of them is copied.
    ledger.objectsCopied = 10;
    ledger.bytesCopied = 10_000;
    ledger.bytesDone = 10_000;
    view.record(6_000, ledger);

    MigrationProgress p = progressAt(6_000);
    // Counted from the start, the rate would be 1,667 B/s and the ETA 54 s.
    assertEquals(10_000.0, p.bytesPerSecond(), 0.001);
    assertEquals(9L, p.etaSeconds());
  }

  @Test
  void aStallAfterTheFirstListingStillSlowsTheRate() {
    control.start(8);
    view.started(0);
    view.record(0, ledger);
    ledger.listed(new KeyRange(null, "k99", 100, 100_000));
    view.record(1_000, ledger);
    ledger.objectsCopied = 10;
    ledger.bytesCopied = 10_000;
    ledger.bytesDone = 10_000;
    view.record(11_000, ledger);

    assertEquals(1_000.0, progressAt(11_000).bytesPerSecond(), 0.001);
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
        new Passes());
  }
}
