package dev.ferry.workflows;

/** Where a migration is in its life: {@code PENDING -> RUNNING <-> PAUSED -> terminal}. */
public enum MigrationState {
  PENDING,
  RUNNING,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** True once the migration has ended and can change no more. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
