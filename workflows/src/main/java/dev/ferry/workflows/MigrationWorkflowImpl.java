package dev.ferry.workflows;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The migration: lists the source in ranges and pushes each through {@link RangePipeline} with at
 * most {@code maxConcurrency} ranges in flight. Handlers only change state; the main loop awaits it
 * and is the only place that schedules, so nothing is scheduled while PAUSED. When the history
 * grows past the server's suggestion or the request's budget, the loop drains the ranges in flight
 * and continues as new with a {@link MigrationCheckpoint}; a live migration starts each pass as a
 * new run too (see {@link Passes}).
 */
public final class MigrationWorkflowImpl implements MigrationWorkflow {
  /** Ranges in a row that fail entirely before the migration pauses itself. */
  static final int RANGE_FAILURES_BEFORE_PAUSE = 50;

  /** The change id of {@link #verifiedOnArrival}. */
  private static final String VERIFIED_ON_ARRIVAL = "verified-on-arrival";

  /** The change id of listing in partitions side by side (see {@link SourceListing}). */
  private static final String PARTITIONED_LISTING = "partitioned-listing";

  private static final Logger log = Workflow.getLogger(MigrationWorkflowImpl.class);

  private final MigrationControl control = new MigrationControl();
  private final MigrationLedger ledger = new MigrationLedger();
  private final SourceListing listing = new SourceListing();
  private final DeleteApproval approval = new DeleteApproval();
  private final PruneGuard guard = new PruneGuard();
  private final Passes passes = new Passes();
  private final DestinationLoss loss = new DestinationLoss();
  private final ProgressPublisher publisher = new ProgressPublisher();
  private final ProgressView view = new ProgressView();
  private final RangePipeline ranges =
      new RangePipeline(
          () -> this.request,
          ledger,
          control,
          passes,
          approval,
          guard,
          this::touch,
          this::pauseSelf);
  private final HistoryBudget budget =
      new HistoryBudget(() -> this.request, ranges, listing, approval, guard);

  private MigrationRequest request;
  private boolean destinationEmptyAtStart;
  private boolean receiptsVerify;
  private int runs;

  /** Temporal instantiates the workflow with this constructor. */
  public MigrationWorkflowImpl() {}

  @Override
  public MigrationReport migrate(MigrationRequest req) {
    RequestCheck.validate(req);
    // The checkpoint is read once, here: every activity input carries the request, and a
    // checkpoint's carried failures could make each of them a hundred kilobytes.
    this.request = req.withCheckpoint(null);
    receiptsVerify = Workflow.getVersion(VERIFIED_ON_ARRIVAL, Workflow.DEFAULT_VERSION, 1) == 1;
    boolean partitioned =
        Workflow.getVersion(PARTITIONED_LISTING, Workflow.DEFAULT_VERSION, 1) == 1;
    view.belowFullWhileListing(
        Workflow.getVersion(
                ProgressView.PERCENT_BELOW_FULL_WHILE_LISTING, Workflow.DEFAULT_VERSION, 1)
            == 1);
    long now = Workflow.currentTimeMillis();
    MigrationCheckpoint checkpoint = req.checkpoint();
    if (checkpoint == null) {
      view.started(now);
      listing.start(partitioned);
      control.start(req.maxConcurrency());
      passes.restore(null, now);
    } else {
      restore(checkpoint, partitioned);
    }
    guard.start(passes.heldPrunes());
    control.running();
    touch();
    try {
      if (checkpoint == null) {
        Workflow.await(() -> control.state() == MigrationState.RUNNING);
        preflight();
      }
      return loop();
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(this::stopCancelled).run();
      throw e;
    }
  }

  private MigrationReport loop() {
    while (true) {
      Workflow.await(this::hasWork);
      if (loss.lookNow()) {
        loss.look(request, ledger, passes.witnesses(), ranges);
      }
      if (loss.copyAgainNow()) {
        copyAgainFromTheStart();
      }
      if (isFinished()) {
        PassSummary ended = passes.summary(ledger, Workflow.currentTimeMillis());
        passes.ended(ended);
        if (passes.isLast(request, ended)) {
          finish(MigrationState.COMPLETED);
          return new MigrationReport(
              progress(StepCounts.NONE), Passes.endMessage(request, ended, ledger.objectsFailed));
        }
        String failedFinal = passes.pauseAfter(ended);
        if (failedFinal != null) {
          pauseSelf(failedFinal);
        }
        startNextPass();
      }
      if (budget.readyToHandOver()) {
        continueAsNew(this::checkpoint);
      }
      if (control.state() != MigrationState.RUNNING) {
        continue;
      }
      ranges.scheduleReady();
      ranges.scheduleReleasedDeletes();
      if (guard.hasHeld() && idle() && !budget.carriesHeldPrunes()) {
        ranges.checkPrunes();
      }
      if (approval.hasHeld() && idle() && !guard.hasHeld()) {
        pauseSelf(approval.ask());
      }
      budget.drainIfOver();
      while (!budget.draining()
          && ranges.hasFreeSlot(listing.slotsTaken())
          && listing.hasPending()) {
        ranges.startCopy(listing.nextPending());
      }
      while (needsListing()) {
        startListing();
      }
    }
  }

  private boolean hasWork() {
    if (isFinished() || budget.readyToHandOver() || loss.copyAgainNow() || loss.lookNow()) {
      return true;
    }
    if (control.state() != MigrationState.RUNNING) {
      return false;
    }
    return ranges.hasReady()
        || (ranges.hasFreeSlot() && ranges.hasReleasedDeletes())
        || ((guard.hasHeld() || approval.hasHeld()) && idle())
        || (!budget.draining() && ranges.hasFreeSlot(listing.slotsTaken()) && listing.hasPending())
        || needsListing()
        || budget.turnsOver();
  }

  private boolean isFinished() {
    return listing.allStarted()
        && ranges.inFlight() == 0
        && !listing.inFlight()
        && approval.isEmpty()
        && guard.isEmpty();
  }

  /** Nothing but held deletes is left to do in this run: time to check or ask for them. */
  private boolean idle() {
    return ranges.inFlight() == 0
        && !listing.inFlight()
        && (budget.draining() || listing.allStarted());
  }

  private boolean needsListing() {
    return !budget.draining() && listing.needsMore(control.maxConcurrency());
  }

  private void preflight() {
    destinationEmptyAtStart =
        PreflightStep.destinationEmpty(request, ranges, () -> finish(MigrationState.FAILED));
    ranges.configure(destinationEmptyAtStart, receiptsVerify);
  }

  private void startListing() {
    ranges.activityStarted();
    listing.listMore(
        request,
        control.maxConcurrency(),
        ledger::listed,
        error -> {
          ranges.activityEnded();
          if (error == null) {
            touch();
          } else if (!ActivityErrors.isCancellation(error)) {
            pauseSelf(SideFaults.reasonOr(error, "listing the source failed: "));
          }
        });
  }

  private void pauseSelf(String reason) {
    if (control.pause(loss.pausing(reason, request, ledger.objectsDeleted))) {
      log.warn("migration paused itself: {}", reason);
      touch();
    }
  }

  /** Waits out the interval (cut short by cutover), then starts the next pass as a new run. */
  private void startNextPass() {
    Duration wait = passes.pauseBeforeNext(request);
    log.info("pass {} ended; the next starts in {}", passes.pass(), wait);
    if (!wait.isZero()) {
      passes.nextPassAt(Workflow.currentTimeMillis() + wait.toMillis());
      touch();
      Workflow.await(wait, passes::cutoverRequested);
      passes.nextPassAt(0);
    }
    Workflow.await(() -> control.state() == MigrationState.RUNNING);
    continueAsNew(
        () ->
            Handover.freshPass(
                control, view, runs, approval, passes.next(Workflow.currentTimeMillis()), false));
  }

  /**
   * Resumed after its destination was gone: once its activities ended, the pass starts again from
   * its first key in a new run, and what it had counted goes (see {@link DestinationLoss}).
   */
  private void copyAgainFromTheStart() {
    budget.drain();
    log.warn("resumed after the destination was gone: the pass starts again from its first key");
    Workflow.await(() -> ranges.activitiesRunning() == 0);
    ranges.abandonHeldUploads(); // begun in the bucket that went
    boolean empty = DestinationLoss.emptyAsThePassStartsAgain(request, ranges);
    continueAsNew(
        () ->
            Handover.freshPass(
                control, view, runs, approval, passes.again(Workflow.currentTimeMillis()), empty));
  }

  private MigrationCheckpoint checkpoint() {
    PassState pass = passes.state(guard.carried());
    return Handover.sameRun(
        control, ledger, view, listing, runs, destinationEmptyAtStart, approval, pass);
  }

  /** Hands over to a new run; the checkpoint is taken after every handler finished. */
  private void continueAsNew(Supplier<MigrationCheckpoint> checkpoint) {
    Workflow.await(Workflow::isEveryHandlerFinished);
    MigrationCheckpoint next = checkpoint.get();
    log.info(
        "continuing as new after {} events, run {}",
        Workflow.getInfo().getHistoryLength(),
        runs + 1);
    NextRun.stub().migrate(request.withCheckpoint(next));
  }

  private void restore(MigrationCheckpoint c, boolean partitioned) {
    ledger.restore(c);
    listing.restore(c, partitioned);
    control.restore(c);
    loss.restore(control.pausedReason());
    view.restore(c);
    runs = c.runs();
    destinationEmptyAtStart = c.destinationEmptyAtStart();
    approval.restore(c);
    passes.restore(c.passes(), c.startedAtMillis());
    ranges.configure(destinationEmptyAtStart, receiptsVerify);
  }

  private void stopCancelled() {
    // Activities were cancelled with the workflow's scope; wait until each acknowledged, so that
    // CANCELLED means nothing of this migration still writes or deletes.
    Workflow.await(() -> ranges.activitiesRunning() == 0);
    ranges.abandonHeldUploads();
    control.end(MigrationState.CANCELLED);
    touch();
  }

  private void finish(MigrationState end) {
    if (!control.end(end)) {
      log.warn("cannot end in {} from {}", end, control.state());
    }
    touch();
  }

  private void touch() {
    view.record(Workflow.currentTimeMillis(), ledger);
    // Search attributes follow the ledger alone, so that replay upserts alike.
    publisher.publish(progress(), progress(StepCounts.NONE), request);
  }

  @Override
  public void pause(String reason) {
    if (control.pause(reason == null || reason.isBlank() ? "paused by operator" : reason)) {
      log.info("paused: {}", control.pausedReason());
      touchIfStarted();
    } else {
      log.warn("pause ignored in state {}", control.state());
    }
  }

  @Override
  public void resume() {
    if (approval.awaiting()) {
      log.warn("resume ignored: {}; send approveDelete (ferry approve ID)", control.pausedReason());
    } else if (control.resume()) {
      loss.resumed();
      view.resumed(Workflow.currentTimeMillis());
      log.info("resumed");
      touchIfStarted();
    } else {
      log.warn("resume ignored in state {}", control.state());
    }
  }

  @Override
  public void approveDelete(DeleteApprovalSignal signal) {
    if (approval.approve(signal, Workflow.currentTimeMillis())) {
      control.approved();
      log.info("deletes approved by {}", approval.approvedBy());
      touch();
    } else {
      log.warn("approveDelete ignored: the migration does not await approval");
    }
  }

  @Override
  public void cutover() {
    if (request == null || !request.live()) {
      log.warn("cutover ignored: not a --live migration");
    } else if (passes.requestCutover()) {
      log.info("cutover requested during pass {}", passes.pass());
      touch();
    }
  }

  private void touchIfStarted() {
    if (request != null) {
      touch();
    }
  }

  /** The snapshot, with what copies stopped by a pause had done before they stopped. */
  @Override
  public MigrationProgress progress() {
    return progress(ranges.held());
  }

  private MigrationProgress progress(StepCounts held) {
    return view.progress(
        Workflow.getInfo().getWorkflowId(),
        Workflow.currentTimeMillis(),
        request,
        control,
        ledger,
        listing,
        ranges.inFlight(),
        approval,
        passes,
        held);
  }

  @Override
  public FailuresPage failures(int offset, int limit) {
    return ledger.failures.page(offset, limit);
  }

  @Override
  public int setConcurrency(int n) {
    validateSetConcurrency(n);
    log.info("concurrency {} -> {}", control.maxConcurrency(), n);
    control.setMaxConcurrency(n);
    touchIfStarted();
    return n;
  }

  @Override
  public void validateSetConcurrency(int n) {
    MigrationControl.validateConcurrency(n);
  }

  @Override
  public String setMaxDelete(String maxDelete) {
    MaxDelete limit = MaxDelete.parseFor(request.mode(), maxDelete);
    log.info("max-delete {} -> {}", request.maxDelete(), limit);
    request = request.withPasses(limit.toString(), request.live(), request.interval());
    touchIfStarted();
    return limit.toString();
  }

  @Override
  public void validateSetMaxDelete(String maxDelete) {
    MaxDelete.parseFor(request == null ? Mode.SYNC : request.mode(), maxDelete);
  }
}
