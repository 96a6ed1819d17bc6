package dev.ferry.worker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import org.junit.jupiter.api.Test;

class LiveRateTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MIB = 1024 * 1024;

  private static MigrationProgress oneHugeObject(double workflowRate) {
    return progress(true, workflowRate);
  }

  private static MigrationProgress progress(boolean listed, double workflowRate) {
    return new MigrationProgress(
        "x",
        MigrationState.RUNNING,
        Mode.COPY,
        null,
        listed,
        1,
        100 * MIB,
        0,
        0,
        0,
        0,
        0,
        1,
        8,
        0,
        workflowRate,
        null,
        null,
        null);
  }

  @Test
  void measuresBytesPerSecondOverTheWindowOnly() {
    LiveRate rate = new LiveRate(10 * SECOND);
    assertTrue(Double.isNaN(rate.bytesPerSecond()));
    rate.sample(0, 0);
    rate.sample(SECOND / 2, 5 * MIB);
    assertTrue(Double.isNaN(rate.bytesPerSecond()), "under a second is no rate yet");
    rate.sample(2 * SECOND, 20 * MIB);
    assertEquals(10.0 * MIB, rate.bytesPerSecond(), 1);
    // a slower recent window forgets the old fast samples
    rate.sample(30 * SECOND, 30 * MIB);
    rate.sample(40 * SECOND, 40 * MIB);
    assertEquals(1.0 * MIB, rate.bytesPerSecond(), 1);
  }

  @Test
  void heartbeatRateGivesAnEtaDuringOneHugeObject() {
    LiveRate rate = new LiveRate(10 * SECOND);
    rate.sample(0, 0);
    rate.sample(4 * SECOND, 40 * MIB);
    MigrationProgress live = rate.applyTo(oneHugeObject(0), 40 * MIB);
    assertEquals(10.0 * MIB, live.bytesPerSecond(), 1);
    assertEquals(6L, live.etaSeconds());
  }

  @Test
  void noEtaWhileListingRuns() {
    LiveRate rate = new LiveRate(10 * SECOND);
    rate.sample(0, 0);
    rate.sample(2 * SECOND, 2 * MIB);
    MigrationProgress live = rate.applyTo(progress(false, 0), 2 * MIB);
    assertEquals(1.0 * MIB, live.bytesPerSecond(), 1);
    assertEquals(null, live.etaSeconds());
  }

  @Test
  void aHigherWorkflowRateWins() {
    LiveRate rate = new LiveRate(10 * SECOND);
    rate.sample(0, 0);
    rate.sample(2 * SECOND, 2 * MIB);
    MigrationProgress p = oneHugeObject(50.0 * MIB);
    assertSame(p, rate.applyTo(p, 2 * MIB));
  }
}
