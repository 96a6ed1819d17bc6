package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationLedgerTest {
  private static String entries(int n) {
    return Fingerprints.CURRENT
        + Base64.getEncoder().encodeToString(new byte[n * Fingerprints.ENTRY_BYTES]);
  }

  /** The first encoding, which histories recorded before the content hash hold. */
  private static String v1Entries(int n) {
    return Base64.getEncoder().encodeToString(new byte[n * Fingerprints.V1_ENTRY_BYTES]);
  }

  @Test
  void rejectionsMoveObjectsToFailedSoCountsAddUp() {
    MigrationLedger ledger = new MigrationLedger();
    KeyRange range = new KeyRange(null, "k9", 10, 100);
    ledger.listed(range);
    ledger.apply(
        new RangeResult(
            7,
            2,
            1,
            70,
            0,
            0,
            0,
            List.of(new ObjectFailure("k1", "NOT_FOUND", "gone", 1)),
            Fingerprints.EMPTY));
    // Verify rejects one copied and one skipped object; delete removes five.
    ledger.apply(new RangeResult(0, 0, 0, 0, 0, 1, 1, List.of(), Fingerprints.EMPTY));
    ledger.apply(new RangeResult(0, 0, 0, 0, 5, 0, 0, List.of(), Fingerprints.EMPTY));
    assertEquals(6, ledger.objectsCopied);
    assertEquals(1, ledger.objectsSkipped);
    assertEquals(3, ledger.objectsFailed);
    assertEquals(5, ledger.objectsDeleted);
    assertEquals(ledger.objectsTotal, ledger.objectsDone());
  }

  @Test
  void aFailedCopyRangeFailsAllItsObjectsUnderOneRecord() {
    MigrationLedger ledger = new MigrationLedger();
    KeyRange range = new KeyRange("a", "m", 40, 4_000);
    ledger.listed(range);
    ledger.copyRangeFailed(range, "connection reset", 6);
    assertEquals(40, ledger.objectsFailed);
    assertEquals(1, ledger.failures.size());
    assertEquals("(a, m]", ledger.failures.page(0, 1).failures().get(0).key());
    // An audit found 69 of such a range's 501 objects written: they are not claimed uncopied.
    assertEquals(
        "40 objects not counted as copied (some may be written): connection reset",
        ledger.failures.page(0, 1).failures().get(0).message());
  }

  @Test
  void aFailedVerifyRangeRejectsWhatItWasToCheck() {
    MigrationLedger ledger = new MigrationLedger();
    KeyRange range = new KeyRange(null, "z", 5, 50);
    ledger.listed(range);
    ledger.apply(new RangeResult(3, 2, 0, 30, 0, 0, 0, List.of(), Fingerprints.EMPTY));
    ledger.checkRangeFailed(range, "verified", new Fingerprints(entries(3), entries(2)), "x", 1);
    assertEquals(0, ledger.objectsCopied);
    assertEquals(0, ledger.objectsSkipped);
    assertEquals(5, ledger.objectsFailed);
  }

  @Test
  void unlistedRangesLeaveTheTotals() {
    MigrationLedger ledger = new MigrationLedger();
    KeyRange a = new KeyRange(null, "b", 3, 30);
    KeyRange b = new KeyRange("b", "c", 4, 40);
    ledger.listed(a);
    ledger.listed(b);
    ledger.unlisted(b);
    assertEquals(3, ledger.objectsTotal);
    assertEquals(30, ledger.bytesTotal);
  }

  @Test
  void fingerprintCountsFollowTheEncoding() {
    for (int n = 0; n < 7; n++) {
      assertEquals(n, new Fingerprints(entries(n), "").copiedCount());
      assertEquals(n, new Fingerprints("", v1Entries(n)).skippedCount());
    }
  }
}
