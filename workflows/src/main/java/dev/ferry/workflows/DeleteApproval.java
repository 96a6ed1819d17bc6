package dev.ferry.workflows;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The gate of an {@code --approve-delete} move or sync: verified ranges (a sync's prunes) wait
 * here, out of the in-flight limit, until an {@code approveDelete} signal releases them to {@code
 * DeleteRange}.
 *
 * <p>The workflow asks for approval once nothing else can move (listing done, or the run must hand
 * over its history), so one approval covers exactly the objects its reason counted. Ranges verified
 * later wait for the next approval. The gate is empty before every continue-as-new, so only the
 * last approver and time travel in the checkpoint.
 */
final class DeleteApproval {
  static final String REASON_PREFIX = FerryNames.AWAITING_DELETE_APPROVAL + ": ";

  private final Deque<RangeStep> held = new ArrayDeque<>();
  private final Deque<RangeStep> released = new ArrayDeque<>();
  private long heldObjects;
  private long heldPrunes;
  private boolean awaiting;
  private String approvedBy;
  private long approvedAtMillis;

  /** Holds a verified range when the request waits for approval; false if it may delete now. */
  boolean hold(MigrationRequest request, KeyRange range, Fingerprints verified) {
    if (!request.holdsDeletes()) {
      return false;
    }
    hold(new RangeStep(range, RangeStep.Stage.DELETE, verified));
    return true;
  }

  /** Holds a delete step ({@code DELETE} of verified sources, a sync's {@code PRUNE}). */
  void hold(RangeStep step) {
    held.addLast(step);
    if (step.stage() == RangeStep.Stage.PRUNE) {
      heldPrunes += step.named();
    } else {
      heldObjects += step.named();
    }
  }

  /** Whether any range waits for approval or, approved, for its turn to delete. */
  boolean isEmpty() {
    return held.isEmpty() && released.isEmpty();
  }

  boolean hasHeld() {
    return !held.isEmpty();
  }

  /** Marks the migration as waiting for approval and returns the paused reason. */
  String ask() {
    awaiting = true;
    if (heldPrunes == 0) {
      return REASON_PREFIX + heldObjects + " objects verified";
    }
    return REASON_PREFIX + heldPrunes + " destination objects the source no longer has";
  }

  /** Whether the migration is paused for approval (a {@code resume} must not start deletes). */
  boolean awaiting() {
    return awaiting;
  }

  /** Releases every held range to delete; false (nothing changes) unless awaiting approval. */
  boolean approve(DeleteApprovalSignal signal, long nowMillis) {
    if (!awaiting) {
      return false;
    }
    String name = signal == null ? null : signal.approver();
    approvedBy = name == null || name.isBlank() ? "(unnamed)" : name.strip();
    approvedAtMillis = nowMillis;
    released.addAll(held);
    held.clear();
    heldObjects = 0;
    heldPrunes = 0;
    awaiting = false;
    return true;
  }

  boolean hasReleased() {
    return !released.isEmpty();
  }

  /** The next approved step. */
  RangeStep nextReleased() {
    return released.pollFirst();
  }

  String approvedBy() {
    return approvedBy;
  }

  long approvedAtMillis() {
    return approvedAtMillis;
  }

  /** When the last approval came, or null before one. */
  Instant approvedAt() {
    return approvedBy == null ? null : Instant.ofEpochMilli(approvedAtMillis);
  }

  void restore(MigrationCheckpoint c) {
    approvedBy = c.deleteApprovedBy();
    approvedAtMillis = c.deleteApprovedAtMillis();
  }
}
