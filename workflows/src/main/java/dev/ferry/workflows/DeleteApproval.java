package dev.ferry.workflows;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The gate of a {@code --approve-delete} move: verified ranges wait here, out of the in-flight
 * limit, until an {@code approveDelete} signal releases them to {@code DeleteRange}.
 *
 * <p>The workflow asks for approval once nothing else can move (listing done, or the run must hand
 * over its history), so one approval covers exactly the objects its reason counted. Ranges verified
 * later wait for the next approval. The gate is empty before every continue-as-new, so only the
 * last approver and time travel in the checkpoint.
 */
final class DeleteApproval {
  static final String REASON_PREFIX = FerryNames.AWAITING_DELETE_APPROVAL + ": ";

  /** A verified range and the fingerprints {@code DeleteRange} checks each source against. */
  record Held(KeyRange range, Fingerprints verified) {}

  private final Deque<Held> held = new ArrayDeque<>();
  private final Deque<Held> released = new ArrayDeque<>();
  private long heldObjects;
  private boolean awaiting;
  private String approvedBy;
  private long approvedAtMillis;

  /** Holds a verified range when the request waits for approval; false if it may delete now. */
  boolean hold(MigrationRequest request, KeyRange range, Fingerprints verified) {
    if (!request.holdsDeletes()) {
      return false;
    }
    held.addLast(new Held(range, verified));
    heldObjects += verified.copiedCount() + verified.skippedCount();
    return true;
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
    return REASON_PREFIX + heldObjects + " objects verified";
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
    awaiting = false;
    return true;
  }

  boolean hasReleased() {
    return !released.isEmpty();
  }

  /** The next approved range to delete. */
  Held nextReleased() {
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
