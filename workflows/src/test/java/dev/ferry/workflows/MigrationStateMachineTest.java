package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MigrationStateMachineTest {
  @Test
  void runsPausesResumesAndCompletes() {
    MigrationStateMachine m = new MigrationStateMachine();
    assertEquals(MigrationState.PENDING, m.state());
    assertTrue(m.transition(MigrationState.RUNNING));
    assertTrue(m.transition(MigrationState.PAUSED));
    assertTrue(m.transition(MigrationState.RUNNING));
    assertTrue(m.transition(MigrationState.COMPLETED));
    assertEquals(MigrationState.COMPLETED, m.state());
  }

  @Test
  void illegalTransitionsLeaveTheStateAlone() {
    MigrationStateMachine m = new MigrationStateMachine();
    assertFalse(m.transition(MigrationState.COMPLETED), "PENDING cannot complete");
    assertEquals(MigrationState.PENDING, m.state());
    m.transition(MigrationState.RUNNING);
    assertFalse(m.transition(MigrationState.RUNNING), "already running");
    assertFalse(m.transition(MigrationState.PENDING));
    m.transition(MigrationState.CANCELLED);
    for (MigrationState s : MigrationState.values()) {
      assertFalse(m.transition(s), "terminal CANCELLED -> " + s);
    }
    assertEquals(MigrationState.CANCELLED, m.state());
  }

  @Test
  void terminalStatesAllowNothing() {
    for (MigrationState from : MigrationState.values()) {
      for (MigrationState to : MigrationState.values()) {
        if (from.isTerminal()) {
          assertFalse(MigrationStateMachine.allowed(from, to), from + " -> " + to);
        }
      }
    }
  }
}
