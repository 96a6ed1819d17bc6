package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MigrationControlTest {
  @Test
  void aMigrationCancelledWhilePausedKeepsNoPauseReason() {
    MigrationControl control = new MigrationControl();
    control.start(8);
    control.running();
    assertTrue(control.pause("hold for listing"));
    assertEquals("hold for listing", control.pausedReason());
    assertTrue(control.end(MigrationState.CANCELLED));
    assertEquals(MigrationState.CANCELLED, control.state());
    assertNull(control.pausedReason());
  }
}
