package dev.ferry.workflows;

import java.time.Duration;
import java.time.Instant;

/**
 * The passes of a migration. A plain migration has one. A live one runs catch-up passes, each in a
 * run of its own (the next pass starts as a new run, so history stays bounded over hundreds of
 * passes), until {@code cutover}: the pass started after it is the last one when it ends clean.
 */
final class Passes {
  private PassState state = PassState.first(0);
  private long nextPassAtMillis;

  /** Starts the first pass, or continues the one {@code carried} over continue-as-new. */
  void restore(PassState carried, long passStartedAtMillis) {
    state = carried == null ? PassState.first(passStartedAtMillis) : carried;
  }

  PassState state() {
    return state;
  }

  /** Records {@code cutover}; returns false when it was requested before. */
  boolean requestCutover() {
    if (state.cutoverRequested()) {
      return false;
    }
    state =
        new PassState(
            state.pass(),
            state.passesCompleted(),
            state.lastPass(),
            true,
            state.finalPass(),
            state.startedAtMillis(),
            state.destinationObjects(),
            state.deletesFailed());
    return true;
  }

  /** Adds objects a copy found at the destination (the base of a percentage max-delete). */
  void destinationListed(long objects) {
    if (objects != 0) {
      state =
          new PassState(
              state.pass(),
              state.passesCompleted(),
              state.lastPass(),
              state.cutoverRequested(),
              state.finalPass(),
              state.startedAtMillis(),
              state.destinationObjects() + objects,
              state.deletesFailed());
    }
  }

  /** Adds destination objects the pass failed to delete: it does not end clean. */
  void deletesFailed(long objects) {
    if (objects != 0) {
      state =
          new PassState(
              state.pass(),
              state.passesCompleted(),
              state.lastPass(),
              state.cutoverRequested(),
              state.finalPass(),
              state.startedAtMillis(),
              state.destinationObjects(),
              state.deletesFailed() + objects);
    }
  }

  /** What the pass running did, by the ledger's counters (they count this pass only). */
  PassSummary summary(MigrationLedger ledger, long nowMillis) {
    return new PassSummary(
        state.pass(),
        ledger.objectsCopied,
        ledger.bytesCopied,
        ledger.objectsDeleted,
        ledger.objectsFailed + state.deletesFailed(),
        (nowMillis - state.startedAtMillis()) / 1000.0,
        Instant.ofEpochMilli(state.startedAtMillis()));
  }

  /** Whether the migration ends with the pass that {@code ended}. */
  boolean isLast(MigrationRequest request, PassSummary ended) {
    return !request.live() || (state.finalPass() && ended.failed() == 0);
  }

  /** Marks the pass running ended as {@code ended}. */
  void ended(PassSummary ended) {
    state =
        new PassState(
            state.pass(),
            state.passesCompleted() + 1,
            ended,
            state.cutoverRequested(),
            state.finalPass(),
            state.startedAtMillis(),
            state.destinationObjects(),
            state.deletesFailed());
  }

  /** How long to wait before the next pass: none once cutover was asked for. */
  Duration pauseBeforeNext(MigrationRequest request) {
    return state.cutoverRequested() ? Duration.ZERO : request.interval();
  }

  /** Notes (0: clears) when the next pass starts, for the progress. */
  void nextPassAt(long millis) {
    nextPassAtMillis = millis;
  }

  /** The pass after the one that ended, starting at {@code nowMillis}. */
  PassState next(long nowMillis) {
    return new PassState(
        state.pass() + 1,
        state.passesCompleted(),
        state.lastPass(),
        state.cutoverRequested(),
        state.cutoverRequested(),
        nowMillis,
        0,
        0);
  }

  int pass() {
    return state.pass();
  }

  int passesCompleted() {
    return state.passesCompleted();
  }

  PassSummary lastPass() {
    return state.lastPass();
  }

  boolean converged() {
    return state.lastPass() != null && state.lastPass().nothingChanged();
  }

  boolean finalPass() {
    return state.finalPass();
  }

  long destinationObjects() {
    return state.destinationObjects();
  }

  Instant nextPassAt() {
    return nextPassAtMillis == 0 ? null : Instant.ofEpochMilli(nextPassAtMillis);
  }

  /** The closing message of a live migration that ended with {@code last}. */
  static String cutoverMessage(PassSummary last) {
    return "cutover complete: the destination matched the source as of pass "
        + last.pass()
        + "'s start ("
        + last.startedAt()
        + ")";
  }
}
