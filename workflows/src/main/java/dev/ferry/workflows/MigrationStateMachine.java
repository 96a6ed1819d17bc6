package dev.ferry.workflows;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The guarded migration state: {@code PENDING -> RUNNING <-> PAUSED -> COMPLETED | FAILED |
 * CANCELLED}. An illegal transition is refused (the caller logs it) and never changes the state.
 */
final class MigrationStateMachine {
  private static final Map<MigrationState, Set<MigrationState>> ALLOWED =
      new EnumMap<>(MigrationState.class);

  static {
    // PENDING -> PAUSED: a pause signal may arrive before the workflow method first runs.
    ALLOWED.put(
        MigrationState.PENDING,
        EnumSet.of(
            MigrationState.RUNNING,
            MigrationState.PAUSED,
            MigrationState.FAILED,
            MigrationState.CANCELLED));
    ALLOWED.put(
        MigrationState.RUNNING,
        EnumSet.of(
            MigrationState.PAUSED,
            MigrationState.COMPLETED,
            MigrationState.FAILED,
            MigrationState.CANCELLED));
    // PAUSED -> COMPLETED: the last in-flight ranges may finish everything while paused.
    ALLOWED.put(
        MigrationState.PAUSED,
        EnumSet.of(
            MigrationState.RUNNING,
            MigrationState.COMPLETED,
            MigrationState.FAILED,
            MigrationState.CANCELLED));
    for (MigrationState s : MigrationState.values()) {
      if (s.isTerminal()) {
        ALLOWED.put(s, EnumSet.noneOf(MigrationState.class));
      }
    }
  }

  private MigrationState state = MigrationState.PENDING;

  MigrationState state() {
    return state;
  }

  /** Whether {@code from -> to} is a legal transition. */
  static boolean allowed(MigrationState from, MigrationState to) {
    return ALLOWED.get(from).contains(to);
  }

  /** Moves to {@code to} when legal; returns false (state unchanged) otherwise. */
  boolean transition(MigrationState to) {
    if (!allowed(state, to)) {
      return false;
    }
    state = to;
    return true;
  }
}
