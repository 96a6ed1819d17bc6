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
    return progress(MigrationState.RUNNING, listed, workflowRate);
  }

  private static MigrationProgress progress(
      MigrationState state, boolean listed, double workflowRate) {
    return new MigrationProgress(
        "x",
        state,
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
    rate.sample(6 * SECOND, 60 * MIB);
    assertEquals(10.0 * MIB, rate.bytesPerSecond(), 1);
    // a slower recent window forgets the old fast samples
    rate.sample(30 * SECOND, 70 * MIB);
    rate.sample(40 * SECOND, 80 * MIB);
    assertEquals(1.0 * MIB, rate.bytesPerSecond(), 1);
  }

  @Test
  void heartbeatRateGivesAnEtaDuringOneHugeObject() {
    LiveRate rate = new LiveRate(10 * SECOND);
    rate.sample(0, 0);
    rate.sample(SECOND, 10 * MIB); // the first heartbeat
    rate.sample(6 * SECOND, 60 * MIB); // the next, after the throttle
    MigrationProgress live = rate.applyTo(oneHugeObject(0), 60 * MIB);
    assertEquals(10.0 * MIB, live.bytesPerSecond(), 1);
    assertEquals(4L, live.etaSeconds());
  }

  @Test
  void noEtaWhileListingRuns() {
    LiveRate rate = new LiveRate(10 * SECOND);
    rate.sample(0, 0);
    rate.sample(SECOND, 1 * MIB);
    rate.sample(6 * SECOND, 6 * MIB);
    MigrationProgress live = rate.applyTo(progress(false, 0), 6 * MIB);
    assertEquals(1.0 * MIB, live.bytesPerSecond(), 1);
    assertEquals(null, live.etaSeconds());
  }

  @Test
  void aPausedMigrationShowsNoRateOfTheBytesItMovedBefore() {
    // Paused, its stopped ranges' bytes are counted: the moved bytes do not fall back.
    LiveRate rate = new LiveRate(30 * SECOND);
    rate.sample(0, 0);
    rate.sample(SECOND, 4 * MIB);
    rate.sample(6 * SECOND, 20 * MIB);
    rate.sample(8 * SECOND, 20 * MIB);
    MigrationProgress paused = progress(MigrationState.PAUSED, true, 0);
    assertSame(paused, rate.applyTo(paused, 20 * MIB));
  }

  @Test
  void aHigherWorkflowRateWins() {
    LiveRate rate = new LiveRate(10 * SECOND);
    rate.sample(0, 0);
    rate.sample(SECOND, 1 * MIB);
    rate.sample(6 * SECOND, 6 * MIB);
    MigrationProgress p = oneHugeObject(50.0 * MIB);
    assertSame(p, rate.applyTo(p, 6 * MIB));
  }

  @Test
  void firstHeartbeatsFollowedByStaleOnesAreNoRate() {
    // Each range's first heartbeat reports a few small objects; its next is 16 s away.
    LiveRate rate = new LiveRate(30 * SECOND);
    rate.sample(0, 0);
    rate.sample(SECOND, 67 * 1024);
    rate.sample(SECOND * 3 / 2, 84 * 1024);
    for (long s = 2; s <= 6; s++) {
      rate.sample(s * SECOND, 84 * 1024);
    }
    assertTrue(Double.isNaN(rate.bytesPerSecond()));
    MigrationProgress p = progress(true, 0);
    assertSame(p, rate.applyTo(p, 84 * 1024), "no client rate or ETA from the first heartbeats");
    rate.sample(7 * SECOND, 28 * MIB);
    assertEquals(4.0 * MIB, rate.bytesPerSecond(), 0.1 * MIB);
  }

  @Test
  void theRateStartsWhereTheBytesFirstMoved() {
    // Listing takes the first seconds; the rate is that of the copies, from just before they moved.
    LiveRate rate = new LiveRate(30 * SECOND);
    rate.sample(0, 0);
    rate.sample(2 * SECOND, 0);
    rate.sample(4 * SECOND, 0);
    rate.sample(5 * SECOND, 4 * MIB);
    assertTrue(Double.isNaN(rate.bytesPerSecond()), "one growth is no rate yet");
    rate.sample(8 * SECOND, 16 * MIB);
    assertEquals(4.0 * MIB, rate.bytesPerSecond(), 1);
  }
}
