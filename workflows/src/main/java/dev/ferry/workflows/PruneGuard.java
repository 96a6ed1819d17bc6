package dev.ferry.workflows;

import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The {@code --max-delete} guard of a SYNC: each range's destination objects that the source no
 * longer has wait here until nothing else of the pass can move, then go to {@code PruneRange} only
 * if the pass's deletes stay within the limit. Otherwise the migration pauses with the count and
 * the limit and deletes nothing; a raised limit ({@code setMaxDelete}) and {@code resume} check
 * again.
 *
 * <p>A run that must hand over its history in the middle of a pass carries what it holds to the
 * next run unchecked, up to {@link #CARRY_CHARS} of encoded objects (about 5,000); beyond that, and
 * in histories from before the carry, it checks what it holds before it hands over, so such a pass
 * is checked run by run against the deletes and destination objects of the pass so far.
 */
final class PruneGuard {
  /** The change id of carrying held prunes over continue-as-new. */
  static final String CARRY_HELD_PRUNES = "carry-held-prunes";

  /** Most encoded characters carried over: far below the 256 KiB a payload should stay under. */
  static final long CARRY_CHARS = 160 * 1024;

  private final Deque<RangeStep> held = new ArrayDeque<>();
  private final Deque<RangeStep> released = new ArrayDeque<>();
  private long heldObjects;
  private long heldChars;
  private boolean carries;

  /**
   * Starts a run: whether it may carry held prunes to the next (not in histories from before), and
   * the ones the run before carried.
   */
  void start(List<HeldPrune> carried) {
    carries = Workflow.getVersion(CARRY_HELD_PRUNES, Workflow.DEFAULT_VERSION, 1) == 1;
    carried.forEach(p -> hold(p.range(), p.extraneous()));
  }

  /** Whether what it holds may go to the next run unchecked: nothing released, within budget. */
  boolean mayCarry() {
    return carries && released.isEmpty() && heldChars <= CARRY_CHARS;
  }

  /** What it holds, for the next run. */
  List<HeldPrune> carried() {
    return held.stream().map(s -> new HeldPrune(s.range(), s.fingerprints().copied())).toList();
  }

  /** Holds the prune of {@code range}'s {@code extraneous} destination objects. */
  void hold(KeyRange range, String extraneous) {
    RangeStep step = new RangeStep(range, RangeStep.Stage.PRUNE, new Fingerprints(extraneous, ""));
    held.addLast(step);
    heldObjects += step.named();
    heldChars += extraneous.length();
  }

  boolean hasHeld() {
    return !held.isEmpty();
  }

  boolean hasReleased() {
    return !released.isEmpty();
  }

  boolean isEmpty() {
    return held.isEmpty() && released.isEmpty();
  }

  RangeStep nextReleased() {
    return released.pollFirst();
  }

  /**
   * Releases what it holds when the pass's deletes ({@code deletedThisPass} done and those held)
   * stay within the request's limit over {@code destinationObjects}; otherwise keeps them and
   * returns the reason to pause.
   */
  String check(MigrationRequest request, long deletedThisPass, long destinationObjects) {
    MaxDelete max = MaxDelete.parse(request.maxDelete());
    long would = deletedThisPass + heldObjects;
    if (!max.allows(would, destinationObjects)) {
      return String.format(
          "would delete %,d objects, limit %s; raise it (ferry set-max-delete %s N) and resume,"
              + " or cancel",
          would, max.describe(destinationObjects), Workflow.getInfo().getWorkflowId());
    }
    released.addAll(held);
    held.clear();
    heldObjects = 0;
    heldChars = 0;
    return null;
  }
}
