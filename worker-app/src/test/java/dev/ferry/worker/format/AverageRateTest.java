package dev.ferry.worker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AverageRateTest {
  private static final long MIB = 1024 * 1024;
  private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");

  /** An audit's copy: 786 MiB, of which a 6-byte object finished, at the workflow's 72 B/s. */
  private static MigrationProgress afterOneSmallObject(MigrationState state) {
    return new MigrationProgress(
        "x",
        state,
        Mode.COPY,
        null,
        true,
        4,
        786 * MIB,
        1,
        0,
        0,
        0,
        6,
        3,
        8,
        25.0,
        72.3,
        11_401_167L,
        START,
        START.plusSeconds(3));
  }

  @Test
  void bytesInFlightMakeTheRateAndEta() {
    MigrationProgress p = afterOneSmallObject(MigrationState.RUNNING);
    // Before: 72 B/s, ETA 131d22h, three seconds into a copy that took thirty.
    MigrationProgress shown = AverageRate.atLeast(p, 224 * MIB, START.plusSeconds(3));
    assertEquals(224.0 * MIB / 3, shown.bytesPerSecond(), 1);
    assertEquals(8L, shown.etaSeconds());
  }

  @Test
  void aHigherWorkflowRateStands() {
    MigrationProgress p = afterOneSmallObject(MigrationState.RUNNING).withRate(500.0 * MIB, 2L);
    assertSame(p, AverageRate.atLeast(p, 224 * MIB, START.plusSeconds(3)));
  }

  @Test
  void notWhilePausedNorInTheFirstSecond() {
    MigrationProgress paused = afterOneSmallObject(MigrationState.PAUSED);
    assertSame(paused, AverageRate.atLeast(paused, 224 * MIB, START.plusSeconds(3)));
    MigrationProgress running = afterOneSmallObject(MigrationState.RUNNING);
    assertSame(running, AverageRate.atLeast(running, 224 * MIB, START.plusMillis(500)));
    assertSame(running, AverageRate.atLeast(running, 6, START.plusSeconds(3)), "nothing in flight");
  }

  @Test
  void theBytesLeftAtTheShownRateGiveTheEtaWhereThatIsSooner() {
    // An audit's move: 126 of 143.9 MiB moved (a large object in flight), 11.1 MiB/s, and the
    // workflow's ETA 7m26s from the ranges that had finished.
    MigrationProgress p = afterOneSmallObject(MigrationState.RUNNING).withRate(11.1 * MIB, 446L);
    long total = p.bytesTotal();
    MigrationProgress shown = AverageRate.soonerByBytesLeft(p, total - 18 * MIB);
    assertEquals(2L, shown.etaSeconds());
    assertEquals(11.1 * MIB, shown.bytesPerSecond(), 1);
    // The workflow's own ETA stands where it is sooner (skipped bytes are done there, not moved).
    MigrationProgress sooner = p.withRate(11.1 * MIB, 1L);
    assertSame(sooner, AverageRate.soonerByBytesLeft(sooner, total - 18 * MIB));
    // Every byte moved, a move's verify and deletes left: the workflow's ETA.
    assertSame(p, AverageRate.soonerByBytesLeft(p, total));
    MigrationProgress paused =
        afterOneSmallObject(MigrationState.PAUSED).withRate(11.1 * MIB, 446L);
    assertSame(paused, AverageRate.soonerByBytesLeft(paused, 0));
  }
}
