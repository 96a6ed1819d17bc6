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
}
