package dev.ferry.worker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShownBytesTest {
  private final ShownBytes shown = new ShownBytes();

  @Test
  void aDipOfTheHeartbeatsIsNotShown() {
    assertEquals(86_700, shown.inFlight(0, 86_700));
    // The range was retried and starts again from its last stored state.
    assertEquals(86_700, shown.inFlight(0, 74_300));
    assertEquals(90_000, shown.inFlight(0, 90_000));
  }

  @Test
  void aRangeBetweenItsEndAndTheWorkflowsCountIsStillShown() {
    assertEquals(500, shown.inFlight(1_000, 500));
    // Ended: no longer pending, not yet counted by the workflow.
    assertEquals(500, shown.inFlight(1_000, 0));
    // Counted: the in-flight part shrinks as the count grows.
    assertEquals(0, shown.inFlight(1_500, 0));
    assertEquals(200, shown.inFlight(1_500, 200));
  }

  @Test
  void aFallingCountStartsAgain() {
    assertEquals(0, shown.inFlight(10_000, 0));
    // A new pass counts from zero.
    assertEquals(300, shown.inFlight(0, 300));
  }

  @Test
  void aMigrationThatDoesNotRunShowsItsCountersAlone() {
    // The range's heartbeat said 64 MiB before the pause; its resume point holds none of it.
    assertEquals(64_000_000, shown.inFlight(148_000, 64_000_000));
    assertEquals(0, shown.notRunning(148_000));
    // Resumed: what the heartbeats say from now on.
    assertEquals(1_000, shown.inFlight(148_000, 1_000));
  }
}
