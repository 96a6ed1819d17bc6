package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassesTest {
  private static final MigrationRequest SYNC =
      MigrationRequest.of("/never/a", "/never/b").withPasses("10%", false, Duration.ofSeconds(1));

  private static PassSummary failing(long failed) {
    return new PassSummary(1, 10, 100, 0, failed, 1.0, Instant.EPOCH);
  }

  @Test
  void aMigrationThatEndsSaysWhatFailedOfTheSourceAndOfItsDeletes() {
    assertNull(Passes.endMessage(SYNC, failing(0), 0));
    assertEquals("1 object failed", Passes.endMessage(SYNC, failing(1), 1));
    assertEquals("2 objects failed", Passes.endMessage(SYNC, failing(2), 2));
    // A sync's deletes that failed count in the pass, not among the source's objects: the end
    // said nothing of them, and exited 0.
    assertEquals("300 destination objects not deleted", Passes.endMessage(SYNC, failing(300), 0));
    assertEquals(
        "2 objects failed; 1 destination object not deleted",
        Passes.endMessage(SYNC, failing(3), 2));
  }

  @Test
  void keepsTheFirstAndTheNewestFinishedRangesAsWitnessesAndCarriesThem() {
    Passes passes = new Passes();
    passes.restore(null, 0);
    passes.witnessed(new KeyRange(null, "a", 3, 30), 0); // counted nothing there: no witness
    for (int i = 1; i <= Passes.MAX_WITNESSES + 2; i++) {
      passes.witnessed(new KeyRange("k" + (i - 1), "k" + i, 10, 100), i);
    }

    List<Witness> kept = passes.witnesses();
    assertEquals(Passes.MAX_WITNESSES, kept.size());
    assertEquals("k1", kept.get(0).range().lastKey(), "the first stays");
    assertEquals("k4", kept.get(1).range().lastKey(), "then the newest");
    assertEquals(Passes.MAX_WITNESSES + 2, kept.get(kept.size() - 1).objects());

    Passes next = new Passes();
    next.restore(passes.state(List.of()), 0);
    assertEquals(kept, next.witnesses(), "the same pass goes on with them");
    next.restore(passes.again(0), 0);
    assertEquals(List.of(), next.witnesses(), "a pass copied again starts without");
  }

  @Test
  void witnessesOfLongKeysStayWithinTheirPayloadBudget() {
    Passes passes = new Passes();
    passes.restore(null, 0);
    // Keys of 1 KiB of control characters: six JSON bytes each, 12 KiB a range.
    String longKey = "\u0001".repeat(1023);
    for (int i = 0; i < Passes.MAX_WITNESSES; i++) {
      passes.witnessed(new KeyRange(longKey + i, longKey + (i + 1), 10, 100), 10);
    }

    List<Witness> kept = passes.witnesses();
    assertEquals(2, kept.size(), "the first and the newest");
    assertEquals(longKey + 0, kept.get(0).range().startAfter());
    assertEquals(longKey + Passes.MAX_WITNESSES, kept.get(1).range().lastKey());
    long bytes = kept.stream().mapToLong(w -> PayloadBudget.jsonBytes(w.range())).sum();
    assertTrue(bytes <= PayloadBudget.WITNESS_BYTES, bytes + " bytes");
  }
}
