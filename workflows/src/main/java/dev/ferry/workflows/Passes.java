package dev.ferry.workflows;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The passes of a migration. A plain migration has one. A live one runs catch-up passes, each in a
 * run of its own (the next pass starts as a new run, so history stays bounded over hundreds of
 * passes), until {@code cutover}: the pass started after it is the last one when it ends clean.
 */
final class Passes {
  /** The change id of {@link #pauseAfter}. */
  private static final String PAUSE_AFTER_FAILED_FINAL_PASS = "pause-after-failed-final-pass";

  /** The change id of {@link #isLast}'s rule for a final pass the max-delete guard paused. */
  private static final String FINAL_PASS_AGAIN_AFTER_GUARD = "final-pass-again-after-guard";

  /** Finished ranges kept as witnesses; each costs one short listing on resume. */
  static final int MAX_WITNESSES = 4;

  private int pass = 1;
  private int passesCompleted;
  private PassSummary lastPass;
  private boolean cutoverRequested;
  private boolean finalPass;
  private long startedAtMillis;
  private long destinationObjects;
  private long deletesFailed;
  private boolean guardPaused;
  private long nextPassAtMillis;
  private List<HeldPrune> heldPrunes = List.of();
  private final List<Witness> witnesses = new ArrayList<>();

  /** Starts the first pass at {@code nowMillis}, or continues the one {@code carried} over. */
  void restore(PassState carried, long nowMillis) {
    PassState s = carried == null ? PassState.first(nowMillis) : carried;
    pass = s.pass();
    passesCompleted = s.passesCompleted();
    lastPass = s.lastPass();
    cutoverRequested = s.cutoverRequested();
    finalPass = s.finalPass();
    startedAtMillis = s.startedAtMillis();
    destinationObjects = s.destinationObjects();
    deletesFailed = s.deletesFailed();
    guardPaused = s.guardPaused();
    heldPrunes = s.heldPrunes();
    witnesses.clear();
    witnesses.addAll(s.witnesses());
  }

  /** The deletes the guard held when the run before handed over in the middle of the pass. */
  List<HeldPrune> heldPrunes() {
    return heldPrunes;
  }

  /** The pass running, with the deletes its guard holds, for the next run to continue. */
  PassState state(List<HeldPrune> heldPrunes) {
    return new PassState(
        pass,
        passesCompleted,
        lastPass,
        cutoverRequested,
        finalPass,
        startedAtMillis,
        destinationObjects,
        deletesFailed,
        guardPaused,
        heldPrunes,
        List.copyOf(witnesses));
  }

  /** The pass after the one that ended, starting at {@code nowMillis} with fresh counts. */
  PassState next(long nowMillis) {
    return starting(pass + 1, cutoverRequested, nowMillis);
  }

  /**
   * The pass running, starting again from its first key at {@code nowMillis} with fresh counts (see
   * {@link DestinationLoss}): numbered as the next, so that its report goes to a folder of its own,
   * and final if the pass it replaces was.
   */
  PassState again(long nowMillis) {
    return starting(pass + 1, finalPass, nowMillis);
  }

  /**
   * The pass whose folder a range's report goes to: a live migration's pass, or a pass started
   * again; 0 for the only pass of a migration (its report has no pass folders).
   */
  int reportPass(MigrationRequest request) {
    return request.live() || pass > 1 ? pass : 0;
  }

  private PassState starting(int number, boolean last, long nowMillis) {
    return new PassState(
        number,
        passesCompleted,
        lastPass,
        cutoverRequested,
        last,
        nowMillis,
        0,
        0,
        false,
        List.of(),
        List.of());
  }

  /**
   * Keeps {@code range} as a witness of the pass running when it counted {@code objects} at the
   * destination: the first, which any loss of the whole bucket since takes with it, and the newest,
   * which a bucket restored from an older backup lacks; {@link #MAX_WITNESSES} in all, fewer where
   * their keys are long ({@link PayloadBudget#WITNESS_BYTES}).
   */
  void witnessed(KeyRange range, long objects) {
    if (objects <= 0) {
      return;
    }
    witnesses.add(new Witness(range, objects));
    while (witnesses.size() > MAX_WITNESSES
        || (witnesses.size() > 2 && witnessBytes() > PayloadBudget.WITNESS_BYTES)) {
      witnesses.remove(1); // the oldest but the first
    }
  }

  private long witnessBytes() {
    return witnesses.stream().mapToLong(w -> PayloadBudget.jsonBytes(w.range())).sum();
  }

  /** The witnesses of the pass running, oldest first. */
  List<Witness> witnesses() {
    return List.copyOf(witnesses);
  }

  /** Records {@code cutover}; returns false when it was requested before. */
  boolean requestCutover() {
    boolean first = !cutoverRequested;
    cutoverRequested = true;
    return first;
  }

  boolean cutoverRequested() {
    return cutoverRequested;
  }

  /** Adds objects a copy found at the destination (the base of a percentage max-delete). */
  void destinationListed(long objects) {
    destinationObjects += objects;
  }

  /** Adds destination objects the pass failed to delete: it does not end clean. */
  void deletesFailed(long objects) {
    deletesFailed += objects;
  }

  /** The {@code --max-delete} guard paused the pass running. */
  void guardPaused() {
    guardPaused = true;
  }

  /** What the pass running did, by the ledger's counters (they count this pass only). */
  PassSummary summary(MigrationLedger ledger, long nowMillis) {
    return new PassSummary(
        pass,
        ledger.objectsCopied,
        ledger.bytesCopied,
        ledger.objectsDeleted,
        ledger.objectsFailed + deletesFailed,
        (nowMillis - startedAtMillis) / 1000.0,
        Instant.ofEpochMilli(startedAtMillis));
  }

  /**
   * Whether the migration ends with the pass that {@code ended}. A final pass the max-delete guard
   * paused does not: the operator is told to mend the source and resume, so the source it listed
   * before the pause is not the one the destination must match. Another final pass lists again.
   */
  boolean isLast(MigrationRequest request, PassSummary ended) {
    if (!request.live()) {
      return true;
    }
    if (!finalPass || ended.failed() != 0) {
      return false;
    }
    return !guardPaused
        || Workflow.getVersion(FINAL_PASS_AGAIN_AFTER_GUARD, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION;
  }

  /**
   * Why the migration pauses after pass {@code ended}, or null when it goes on. A final pass that
   * failed objects pauses: passes after cutover follow each other at once, so a permanent failure
   * would repeat one every second, and a new pass's run would no longer name the failures.
   */
  String pauseAfter(PassSummary ended) {
    if (!finalPass
        || ended.failed() == 0
        || Workflow.getVersion(PAUSE_AFTER_FAILED_FINAL_PASS, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return null;
    }
    return String.format(
        "final pass %d failed %d object%s; 'ferry failures %s' names them: correct them, then"
            + " resume for another final pass (or cancel)",
        ended.pass(),
        ended.failed(),
        ended.failed() == 1 ? "" : "s",
        Workflow.getInfo().getWorkflowId());
  }

  /** Marks the pass running ended as {@code ended}. */
  void ended(PassSummary ended) {
    passesCompleted++;
    lastPass = ended;
  }

  /** How long to wait before the next pass: none once cutover was asked for. */
  Duration pauseBeforeNext(MigrationRequest request) {
    return cutoverRequested ? Duration.ZERO : request.interval();
  }

  /** Notes (0: clears) when the next pass starts, for the progress. */
  void nextPassAt(long millis) {
    nextPassAtMillis = millis;
  }

  int pass() {
    return pass;
  }

  int passesCompleted() {
    return passesCompleted;
  }

  PassSummary lastPass() {
    return lastPass;
  }

  boolean converged() {
    return lastPass != null && lastPass.nothingChanged();
  }

  boolean finalPass() {
    return finalPass;
  }

  long destinationObjects() {
    return destinationObjects;
  }

  Instant nextPassAt() {
    return nextPassAtMillis == 0 ? null : Instant.ofEpochMilli(nextPassAtMillis);
  }

  /** A completed migration's closing message: a live one's cutover, else its failures or null. */
  static String endMessage(MigrationRequest request, PassSummary last, long failed) {
    if (request.live()) {
      return cutoverMessage(last, request.mode());
    }
    // A sync's deletes that failed count in the pass, not among the source's objects.
    long notDeleted = last.failed() - failed;
    String objects =
        failed == 0 ? null : failed + (failed == 1 ? " object failed" : " objects failed");
    String deletes = notDeleted <= 0 ? null : PassSummary.notDeleted(notDeleted);
    if (objects == null || deletes == null) {
      return objects == null ? deletes : objects;
    }
    return objects + "; " + deletes;
  }

  /**
   * The closing message of a live migration that ended with {@code last}. A copy never deletes, so
   * its destination may hold more than the source: it holds every source object, which is all a
   * copy claims.
   */
  static String cutoverMessage(PassSummary last, Mode mode) {
    return "cutover complete: the destination "
        + (mode == Mode.COPY ? "held every object of the source" : "matched the source")
        + " as of pass "
        + last.pass()
        + "'s start ("
        + last.startedAt()
        + ")";
  }
}
