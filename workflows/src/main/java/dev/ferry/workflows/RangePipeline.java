package dev.ferry.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Ranges in flight and what each activity's outcome does: the counters it moves, the range's next
 * step ({@code COPY -> VERIFY -> DELETE}, a sync's prunes to the guard), or the slot it frees.
 * Activity completions arrive here as promise callbacks; only the workflow's loop schedules.
 */
final class RangePipeline {
  /** Change id: a range whose every attempt stopped heartbeating pauses, not fails. */
  static final String PAUSE_WHEN_STALLED = "pause-when-stalled";

  /** Change id: a range no worker could read the input of pauses, not fails. */
  static final String PAUSE_WHEN_UNREADABLE = "pause-when-unreadable";

  /** Change id: a cancelled migration drops the unfinished uploads its paused ranges kept. */
  static final String ABANDON_HELD_UPLOADS = "abandon-held-uploads";

  private static final Logger log = Workflow.getLogger(RangePipeline.class);

  private final Supplier<MigrationRequest> request;
  private final MigrationLedger ledger;
  private final MigrationControl control;
  private final Passes passes;
  private final DeleteApproval approval;
  private final PruneGuard guard;
  private final Runnable touch;
  private final Consumer<String> pauseSelf;
  private final Deque<RangeStep> ready = new ArrayDeque<>();
  // Steps resumed where a pause stopped them, while they run: their counters before the pause show.
  private final List<RangeStep> resumedRunning = new ArrayList<>();
  private boolean destinationEmptyAtStart;
  private boolean receiptsVerify;
  private int inFlight;
  private int activitiesRunning;
  private int rangesDoneThisRun;

  RangePipeline(
      Supplier<MigrationRequest> request,
      MigrationLedger ledger,
      MigrationControl control,
      Passes passes,
      DeleteApproval approval,
      PruneGuard guard,
      Runnable touch,
      Consumer<String> pauseSelf) {
    this.request = request;
    this.ledger = ledger;
    this.control = control;
    this.passes = passes;
    this.approval = approval;
    this.guard = guard;
    this.touch = touch;
    this.pauseSelf = pauseSelf;
  }

  /**
   * What the run knows before its first range: whether preflight found the destination empty, and
   * whether COPY ranges may end on the destination's receipts (see {@link #verifiedOnArrival}).
   */
  void configure(boolean destinationEmpty, boolean receipts) {
    destinationEmptyAtStart = destinationEmpty;
    receiptsVerify = receipts;
  }

  /** A live migration's source stays in service until the final pass after cutover. */
  private boolean sourceInService() {
    return request().live() && !passes.finalPass();
  }

  private MigrationRequest request() {
    return request.get();
  }

  int inFlight() {
    return inFlight;
  }

  /** Activities started and not yet ended, including the workflow's own (preflight, listing). */
  int activitiesRunning() {
    return activitiesRunning;
  }

  void activityStarted() {
    activitiesRunning++;
  }

  void activityEnded() {
    activitiesRunning--;
  }

  int rangesDoneThisRun() {
    return rangesDoneThisRun;
  }

  boolean hasFreeSlot() {
    return hasFreeSlot(0);
  }

  /** Whether a range may start while {@code taken} slots are held by other activities. */
  boolean hasFreeSlot(int taken) {
    return inFlight + taken < control.maxConcurrency();
  }

  boolean hasReady() {
    return !ready.isEmpty();
  }

  boolean hasReleasedDeletes() {
    return approval.hasReleased() || guard.hasReleased();
  }

  /**
   * What the steps a pause stopped had done before it (not yet counted): those waiting in ready to
   * go on where they stopped, and those resumed until they end, so that no count drops back.
   */
  StepCounts held() {
    StepCounts sum = StepCounts.NONE;
    for (List<RangeStep> steps : List.of(List.copyOf(ready), resumedRunning)) {
      for (RangeStep step : steps) {
        sum = sum.plus(StepCounts.held(step.resumeFrom(), step.stage() == RangeStep.Stage.PRUNE));
      }
    }
    return sum;
  }

  /** Schedules the steps whose ranges already hold a slot. */
  void scheduleReady() {
    while (!ready.isEmpty()) {
      schedule(ready.pollFirst());
    }
  }

  /** Schedules released deletes (approved, or within the max-delete limit) into free slots. */
  void scheduleReleasedDeletes() {
    while (hasFreeSlot() && hasReleasedDeletes()) {
      inFlight++;
      schedule(approval.hasReleased() ? approval.nextReleased() : guard.nextReleased());
    }
  }

  /**
   * Drops the unfinished uploads that paused copies kept for their resume (after a fault of a whole
   * side, or a range that stalled): a cancelled migration resumes none, and the store would keep,
   * and bill, their parts. Best effort: one that cannot be dropped is left to {@code ferry uploads
   * --abort}, and the cancel still ends.
   */
  void abandonHeldUploads() {
    if (Workflow.getVersion(ABANDON_HELD_UPLOADS, Workflow.DEFAULT_VERSION, 1) != 1) {
      return;
    }
    List<Promise<Void>> drops = new ArrayList<>();
    for (RangeStep step : ready) {
      if (step.stage() == RangeStep.Stage.COPY && step.resumeFrom() != null) {
        drops.add(RangeSteps.abandonUploads(request(), step, passes.reportPass(request())));
      }
    }
    for (Promise<Void> drop : drops) {
      try {
        drop.get();
      } catch (ActivityFailure e) {
        log.warn("an unfinished upload was not dropped: {}", ActivityErrors.rootMessage(e));
      }
    }
  }

  /** Starts copying a listed range in a free slot. */
  void startCopy(KeyRange range) {
    inFlight++;
    schedule(new RangeStep(range, RangeStep.Stage.COPY, Fingerprints.EMPTY));
  }

  private void schedule(RangeStep step) {
    activitiesRunning++;
    if (step.resumeFrom() != null) {
      resumedRunning.add(step);
    }
    RangeSteps.start(
            request(),
            step,
            destinationEmptyAtStart,
            sourceInService(),
            passes.reportPass(request()))
        .handle(
            (r, e) -> {
              activitiesRunning--;
              resumedRunning.remove(step);
              onStepDone(step, r, e);
              return null;
            });
  }

  private void onStepDone(RangeStep step, RangeResult result, RuntimeException error) {
    KeyRange range = step.range();
    if (error != null) {
      onStepFailed(step, error);
      return;
    }
    if (step.stage() == RangeStep.Stage.PRUNE) {
      ledger.applyPrune(result);
      passes.deletesFailed(result.failed());
      slotFreed();
      return;
    }
    ledger.apply(result);
    RangeStep next = null;
    if (step.stage() == RangeStep.Stage.COPY) {
      holdPrunes(range, result);
      if (request().mode() != Mode.MOVE && !request().dryRun()) {
        passes.witnessed(range, result.copied() + result.skipped());
      }
      if (sourceInService()) {
        ledger.vanished(range, result); // deleted at the source since the listing
      }
      boolean allFailed = range.objects() > 0 && result.failed() >= range.objects();
      if (request().verifies() && !result.passed().noObjects() && !verifiedOnArrival(result)) {
        next = new RangeStep(range, RangeStep.Stage.VERIFY, result.passed());
      }
      if (next == null) {
        rangeFinished(range, allFailed, failureText(result));
        return;
      }
    } else if (step.stage() == RangeStep.Stage.VERIFY
        && request().mode() == Mode.MOVE
        && !result.passed().noObjects()) {
      if (approval.hold(request(), range, result.passed())) {
        inFlight--; // its slot goes to the next range while the delete waits for approval
        rangesDoneThisRun++;
        touch.run();
        return;
      }
      next = new RangeStep(range, RangeStep.Stage.DELETE, result.passed());
    }
    if (next != null) {
      ready.addLast(next);
      touch.run();
    } else {
      rangeFinished(range, false, null);
    }
  }

  private void onStepFailed(RangeStep step, RuntimeException error) {
    KeyRange range = step.range();
    if (ActivityErrors.isCancellation(error)) {
      inFlight--;
      return;
    }
    String sideFault = SideFaults.reason(error);
    if (sideFault != null) {
      // The range keeps its slot, waiting in ready until resume continues it where it stopped.
      ready.addLast(step.resumingFrom(SideFaults.resumeFrom(error)));
      pauseSelf.accept(sideFault);
      return;
    }
    String unreadable = ActivityErrors.unreadableInput(error);
    if (unreadable != null
        && Workflow.getVersion(PAUSE_WHEN_UNREADABLE, Workflow.DEFAULT_VERSION, 1) == 1) {
      // Workers older than this workflow took every attempt: a failed range would be final, a
      // paused one goes on once workers of this version run.
      ready.addLast(step);
      pauseSelf.accept(
          String.format(
              "%s of range %s: its workers are older than this migration and cannot read its"
                  + " request (%s); run workers of the ferry that started it, or newer, then"
                  + " resume",
              step.stage(), range.describe(), unreadable));
      return;
    }
    JsonNode stalledAt = ActivityErrors.stalledAt(error);
    JsonNode lastHeartbeat = stalledAt == null || stalledAt.isNull() ? null : stalledAt;
    if (ActivityErrors.cancelledUnacknowledged(error)
        && Workflow.getVersion(ABANDON_HELD_UPLOADS, Workflow.DEFAULT_VERSION, 1) == 1) {
      // Cancelled while its worker was dead: no fault to pause for, but where it stood (an upload
      // it began) is kept for abandonHeldUploads.
      ready.addLast(step.resumingFrom(lastHeartbeat));
      return;
    }
    if (stalledAt != null
        && Workflow.getVersion(PAUSE_WHEN_STALLED, Workflow.DEFAULT_VERSION, 1) == 1) {
      // Every attempt hung (a store that stops answering without refusing): its objects are not
      // failed ones, and some may be written. Paused as for an outage, it goes on where it stood.
      ready.addLast(step.resumingFrom(lastHeartbeat));
      pauseSelf.accept(
          String.format(
              "%s of range %s stopped heartbeating on each of its %d attempts: a store it calls"
                  + " stops answering, or its workers die; resume once they answer",
              step.stage(), range.describe(), request().maxRetries() + 1));
      return;
    }
    String message = ActivityErrors.rootMessage(error);
    int attempts = request().maxRetries() + 1;
    switch (step.stage()) {
      case COPY -> ledger.copyRangeFailed(range, message, attempts);
      case VERIFY ->
          ledger.checkRangeFailed(range, "verified", step.fingerprints(), message, attempts);
      case DELETE ->
          ledger.checkRangeFailed(range, "deleted", step.fingerprints(), message, attempts);
      case PRUNE -> {
        ledger.failures.add(
            new ObjectFailure(
                range.describe(),
                FerryFailures.REASON_RANGE_FAILED,
                step.named() + " destination objects not deleted: " + message,
                attempts));
        passes.deletesFailed(step.named());
      }
      default -> throw new IllegalStateException("unknown stage " + step.stage());
    }
    log.warn("{} of range {} failed: {}", step.stage(), range.describe(), message);
    if (step.stage() == RangeStep.Stage.PRUNE) {
      slotFreed();
    } else {
      rangeFinished(range, true, message);
    }
  }

  /** A SYNC's copy found destination objects the source no longer has: the guard holds them. */
  private void holdPrunes(KeyRange range, RangeResult copy) {
    if (request().mode() != Mode.SYNC) {
      return;
    }
    passes.destinationListed(copy.destinationObjects());
    if (!request().dryRun() && copy.extraneousCount() > 0) {
      guard.hold(range, copy.extraneous());
    }
  }

  /** Releases the held prunes within the max-delete limit (then, if asked, to approval). */
  void checkPrunes() {
    String reason = guard.check(request(), ledger.objectsDeleted, passes.destinationObjects());
    if (reason != null) {
      passes.guardPaused();
      pauseSelf.accept(reason);
      return;
    }
    while (request().holdsDeletes() && guard.hasReleased()) {
      approval.hold(guard.nextReleased());
    }
  }

  /**
   * Whether the destination's own checks on arrival already verified a COPY range (every object
   * written and checked then, as S3 checks an upload's MD5): VerifyRange would look at nothing, so
   * the range ends here and its slot goes to the next one at once. A MOVE still verifies both sides
   * before delete. Histories recorded before this rule scheduled VerifyRange, and replay them so.
   */
  private boolean verifiedOnArrival(RangeResult copy) {
    return receiptsVerify && request().mode() != Mode.MOVE && copy.passed().allCheckedOnArrival();
  }

  private static String failureText(RangeResult result) {
    return result.failures().isEmpty() ? "every object failed" : result.failures().get(0).message();
  }

  private void rangeFinished(KeyRange range, boolean failed, String message) {
    ledger.rangeDone(range);
    if (control.rangeEnded(failed, message)) {
      log.warn("migration paused itself: {}", control.pausedReason());
    }
    slotFreed();
  }

  /** A step that held a slot ended; the slot is free. */
  private void slotFreed() {
    inFlight--;
    rangesDoneThisRun++;
    touch.run();
  }
}
