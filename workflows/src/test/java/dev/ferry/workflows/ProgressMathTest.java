package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ProgressMathTest {
  @Test
  void percentOfObjectsDone() {
    assertEquals(25.0, ProgressMath.percent(25, 100, true));
    assertEquals(100.0, ProgressMath.percent(100, 100, true));
    assertEquals(0.0, ProgressMath.percent(0, 0, false));
    assertEquals(100.0, ProgressMath.percent(0, 0, true));
  }

  @Test
  void percentStaysBelowFullUntilTheListingIsComplete() {
    assertEquals(99.9, ProgressMath.percentBelowFullWhileListing(100, 100, false));
    assertEquals(50.0, ProgressMath.percentBelowFullWhileListing(50, 100, false));
    assertEquals(100.0, ProgressMath.percentBelowFullWhileListing(100, 100, true));
    assertEquals(0.0, ProgressMath.percentBelowFullWhileListing(0, 0, false));
  }

  @Test
  void etaUnknownWhileListing() {
    assertNull(ProgressMath.etaSeconds(false, 1_000, 10, 100, 1));
  }

  @Test
  void etaFromBytesWhenBytesAreLeft() {
    assertEquals(10L, ProgressMath.etaSeconds(true, 1_000, 5, 100, 1));
    assertEquals(11L, ProgressMath.etaSeconds(true, 1_001, 5, 100, 1));
  }

  @Test
  void etaFromObjectsWhenOnlyEmptyObjectsAreLeft() {
    assertEquals(5L, ProgressMath.etaSeconds(true, 0, 10, 0, 2));
  }

  @Test
  void etaZeroWhenDoneAndUnknownWithoutRate() {
    assertEquals(0L, ProgressMath.etaSeconds(true, 0, 0, 0, 0));
    assertNull(ProgressMath.etaSeconds(true, 100, 1, 0, 0));
  }
}
