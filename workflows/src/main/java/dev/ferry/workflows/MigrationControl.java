package dev.ferry.workflows;

/**
 * What operators steer: the state, why it is paused, the in-flight limit, and the run of failed
 * ranges after which the migration pauses itself.
 */
final class MigrationControl {
  private final MigrationStateMachine machine = new MigrationStateMachine();
  private String pausedReason;
  private int maxConcurrency;
  private int consecutiveRangeFailures;

  void start(int concurrency) {
    maxConcurrency = concurrency;
  }

  void restore(MigrationCheckpoint c) {
    maxConcurrency = c.maxConcurrency();
    consecutiveRangeFailures = c.consecutiveRangeFailures();
    if (c.state() == MigrationState.PAUSED && machine.transition(MigrationState.PAUSED)) {
      pausedReason = c.pausedReason();
    }
  }

  /** A run begins: PENDING becomes RUNNING; a carried PAUSED stays. */
  void running() {
    if (machine.state() == MigrationState.PENDING) {
      machine.transition(MigrationState.RUNNING);
    }
  }

  MigrationState state() {
    return machine.state();
  }

  String pausedReason() {
    return pausedReason;
  }

  int maxConcurrency() {
    return maxConcurrency;
  }

  void setMaxConcurrency(int n) {
    maxConcurrency = n;
  }

  /** Refuses a concurrency outside 1..{@link MigrationRequest#MAX_CONCURRENCY}. */
  static void validateConcurrency(int n) {
    if (n < 1 || n > MigrationRequest.MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "maxConcurrency must be within 1.." + MigrationRequest.MAX_CONCURRENCY + ": " + n);
    }
  }

  int consecutiveRangeFailures() {
    return consecutiveRangeFailures;
  }

  /** Pauses with {@code reason}; false (nothing changes) when the state does not allow it. */
  boolean pause(String reason) {
    if (!machine.transition(MigrationState.PAUSED)) {
      return false;
    }
    pausedReason = reason;
    return true;
  }

  /** Resumes a paused migration; false unless it was paused. */
  boolean resume() {
    if (machine.state() != MigrationState.PAUSED || !machine.transition(MigrationState.RUNNING)) {
      return false;
    }
    pausedReason = null;
    consecutiveRangeFailures = 0;
    return true;
  }

  /** Deletes were approved: the migration runs again. */
  void approved() {
    machine.transition(MigrationState.RUNNING);
    pausedReason = null;
  }

  /**
   * Counts a range that ended, failed entirely or not; returns true when this made the migration
   * pause itself ({@link MigrationWorkflowImpl#RANGE_FAILURES_BEFORE_PAUSE} in a row).
   */
  boolean rangeEnded(boolean failed, String message) {
    if (!failed) {
      consecutiveRangeFailures = 0;
      return false;
    }
    consecutiveRangeFailures++;
    return consecutiveRangeFailures >= MigrationWorkflowImpl.RANGE_FAILURES_BEFORE_PAUSE
        && machine.state() == MigrationState.RUNNING
        && pause(consecutiveRangeFailures + " ranges in a row failed; last error: " + message);
  }

  /**
   * Ends the migration in {@code end}, with no pause reason left (a migration cancelled while
   * paused is cancelled, not paused); false when the state does not allow it.
   */
  boolean end(MigrationState end) {
    if (!machine.transition(end)) {
      return false;
    }
    pausedReason = null;
    return true;
  }
}
