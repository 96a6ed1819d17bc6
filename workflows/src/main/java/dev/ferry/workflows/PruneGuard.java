package dev.ferry.workflows;

import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The {@code --max-delete} guard of a SYNC: each range's destination objects that the source no
 * longer has wait here until nothing else of the pass can move, then go to {@code PruneRange} only
 * if the pass's deletes stay within the limit. Otherwise the migration pauses with the count and
 * the limit and deletes nothing; a raised limit ({@code setMaxDelete}) and {@code resume} check
 * again.
 *
 * <p>A run that must hand over its history checks what it holds before it does, so a pass larger
 * than one run is checked run by run against the deletes and destination objects of the pass so
 * far.
 */
final class PruneGuard {
  private final Deque<RangeStep> held = new ArrayDeque<>();
  private final Deque<RangeStep> released = new ArrayDeque<>();
  private long heldObjects;

  /** Holds the prune of {@code range}'s {@code extraneous} destination objects. */
  void hold(KeyRange range, String extraneous) {
    RangeStep step = new RangeStep(range, RangeStep.Stage.PRUNE, new Fingerprints(extraneous, ""));
    held.addLast(step);
    heldObjects += step.named();
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
    return null;
  }
}
