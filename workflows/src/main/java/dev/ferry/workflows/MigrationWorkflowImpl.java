package dev.ferry.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;

/**
 * The migration: lists the source in ranges and pushes each range through {@code CopyRange ->
 * VerifyRange -> DeleteRange} with at most {@code maxConcurrency} ranges in flight.
 *
 * <p>Handlers only change state; the main loop awaits it and is the only place that schedules
 * activities, so nothing is scheduled while PAUSED. Activity completions arrive as promise
 * callbacks that update the counters and queue a range's next step. When the history grows past the
 * server's suggestion or the request's event budget, the loop stops starting ranges, drains the
 * ones in flight and continues as new with a {@link MigrationCheckpoint}.
 */
public final class MigrationWorkflowImpl implements MigrationWorkflow {
  /** Ranges in a row that fail entirely before the migration pauses itself. */
  static final int RANGE_FAILURES_BEFORE_PAUSE = 50;

  /**
   * Most ranges one {@code ListRanges} call returns: with two keys of up to 1 KiB per range its
   * result stays near 100 KiB at worst.
   */
  static final int MAX_RANGES_PER_LISTING = 50;

  /** History events one in-flight range may still add while a run drains. */
  static final int EVENTS_PER_RANGE = 12;

  /** Window of the recent throughput. */
  static final long THROUGHPUT_WINDOW_MILLIS = 60_000;

  /** The change id of {@link #verifiedOnArrival}. */
  private static final String VERIFIED_ON_ARRIVAL = "verified-on-arrival";

  private static final Logger log = Workflow.getLogger(MigrationWorkflowImpl.class);

  private enum Stage {
    COPY,
    VERIFY,
    DELETE
  }

  /**
   * A range waiting for its next activity; {@code resumeFrom} is where a side fault stopped the
   * previous one of this stage (see {@link SideFaults}), or null.
   */
  private record Step(KeyRange range, Stage stage, Fingerprints fingerprints, JsonNode resumeFrom) {
    Step(KeyRange range, Stage stage, Fingerprints fingerprints) {
      this(range, stage, fingerprints, null);
    }
  }

  private final MigrationStateMachine machine = new MigrationStateMachine();
  private final MigrationLedger ledger = new MigrationLedger();
  private final ThroughputWindow throughput = new ThroughputWindow(THROUGHPUT_WINDOW_MILLIS);
  private final Deque<KeyRange> pending = new ArrayDeque<>();
  private final Deque<Step> ready = new ArrayDeque<>();
  private final DeleteApproval approval = new DeleteApproval();
  private final ProgressPublisher publisher = new ProgressPublisher();

  private MigrationRequest request;
  private String pausedReason;
  private int maxConcurrency;
  private boolean destinationEmptyAtStart;

  /** Whether this run may end COPY ranges on the destination's receipts (see below). */
  private boolean receiptsVerify;

  private int inFlight;
  private int activitiesRunning;
  private boolean listingInFlight;
  private boolean listingComplete;
  private String listCursor;
  private String startedCursor;
  private int consecutiveRangeFailures;
  private int rangesDoneThisRun;
  private boolean draining;
  private long startedAtMillis;
  private long updatedAtMillis;
  private int runs;

  /** Temporal instantiates the workflow with this constructor. */
  public MigrationWorkflowImpl() {}

  @Override
  public MigrationReport migrate(MigrationRequest req) {
    RequestCheck.validate(req);
    this.request = req;
    receiptsVerify = Workflow.getVersion(VERIFIED_ON_ARRIVAL, Workflow.DEFAULT_VERSION, 1) == 1;
    long now = Workflow.currentTimeMillis();
    MigrationCheckpoint checkpoint = req.checkpoint();
    if (checkpoint == null) {
      startedAtMillis = now;
      maxConcurrency = req.maxConcurrency();
    } else {
      restore(checkpoint);
    }
    updatedAtMillis = now;
    if (machine.state() == MigrationState.PENDING) {
      machine.transition(MigrationState.RUNNING);
    }
    throughput.record(now, ledger.bytesCopied, ledger.bytesDone, ledger.objectsDone());
    publish();
    try {
      if (checkpoint == null) {
        Workflow.await(() -> machine.state() == MigrationState.RUNNING);
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
      if (isFinished()) {
        finish(MigrationState.COMPLETED);
        return new MigrationReport(progress(), summaryMessage());
      }
      if (readyToContinueAsNew()) {
        continueAsNew();
      }
      if (machine.state() != MigrationState.RUNNING) {
        continue;
      }
      while (!ready.isEmpty()) {
        schedule(ready.pollFirst());
      }
      while (inFlight < maxConcurrency && approval.hasReleased()) {
        inFlight++;
        DeleteApproval.Held held = approval.nextReleased();
        schedule(new Step(held.range(), Stage.DELETE, held.verified()));
      }
      if (idleAwaitingApproval()) {
        pauseSelf(approval.ask());
      }
      if (!draining && shouldContinueAsNew()) {
        draining = true;
        log.info("history at {} events: draining before continue-as-new", historyLength());
      }
      while (!draining && inFlight < maxConcurrency && !pending.isEmpty()) {
        KeyRange range = pending.pollFirst();
        startedCursor = range.lastKey();
        inFlight++;
        schedule(new Step(range, Stage.COPY, Fingerprints.EMPTY));
      }
      if (needsListing()) {
        startListing();
      }
    }
  }

  private boolean hasWork() {
    if (isFinished() || readyToContinueAsNew()) {
      return true;
    }
    if (machine.state() != MigrationState.RUNNING) {
      return false;
    }
    return !ready.isEmpty()
        || (inFlight < maxConcurrency && approval.hasReleased())
        || idleAwaitingApproval()
        || (!draining && inFlight < maxConcurrency && !pending.isEmpty())
        || needsListing()
        || (!draining && shouldContinueAsNew());
  }

  private boolean isFinished() {
    return listingComplete
        && pending.isEmpty()
        && inFlight == 0
        && !listingInFlight
        && approval.isEmpty();
  }

  /** Nothing but held deletes is left to do in this run: time to ask for approval. */
  private boolean idleAwaitingApproval() {
    return approval.hasHeld()
        && inFlight == 0
        && !listingInFlight
        && (draining || (listingComplete && pending.isEmpty()));
  }

  /**
   * Nothing in flight and the history is over budget (draining, or paused with nothing left to
   * drain): the run can hand over.
   */
  private boolean readyToContinueAsNew() {
    return inFlight == 0
        && activitiesRunning == 0
        && !listingInFlight
        && approval.isEmpty()
        && (draining || shouldContinueAsNew());
  }

  private boolean needsListing() {
    return !listingComplete && !listingInFlight && !draining && pending.size() < maxConcurrency;
  }

  private boolean shouldContinueAsNew() {
    if (rangesDoneThisRun == 0) {
      return false; // every run makes progress, whatever the budget
    }
    WorkflowInfo info = Workflow.getInfo();
    long reserve = Math.min((long) inFlight * EVENTS_PER_RANGE, request.maxHistoryEvents() / 2);
    return info.isContinueAsNewSuggested()
        || info.getHistoryLength() + reserve >= request.maxHistoryEvents();
  }

  private long historyLength() {
    return Workflow.getInfo().getHistoryLength();
  }

  private void preflight() {
    PreflightActivity activity =
        Workflow.newActivityStub(
            PreflightActivity.class,
            MigrationActivityOptions.preflight(request, "preflight " + request.source()));
    try {
      activitiesRunning++;
      destinationEmptyAtStart = activity.preflight(request).destinationEmpty();
    } catch (ActivityFailure e) {
      if (ActivityErrors.isCancellation(e)) {
        throw new CanceledFailure("cancelled during preflight");
      }
      String message = "preflight refused: " + ActivityErrors.rootMessage(e);
      finish(MigrationState.FAILED);
      throw ApplicationFailure.newNonRetryableFailure(message, FerryFailures.PREFLIGHT_REFUSED);
    } finally {
      activitiesRunning--;
    }
  }

  private void startListing() {
    int max = Math.max(1, Math.min(MAX_RANGES_PER_LISTING, 2 * maxConcurrency));
    ListRangesActivity activity =
        Workflow.newActivityStub(
            ListRangesActivity.class,
            MigrationActivityOptions.listing(request, "list up to " + max + " ranges"));
    listingInFlight = true;
    activitiesRunning++;
    Promise<ListRangesResult> result =
        Async.function(activity::listRanges, new ListRangesInput(request, listCursor, max));
    result.handle(
        (r, e) -> {
          listingInFlight = false;
          activitiesRunning--;
          onListed(r, e);
          return null;
        });
  }

  private void onListed(ListRangesResult result, RuntimeException error) {
    if (error != null) {
      if (!ActivityErrors.isCancellation(error)) {
        pauseSelf(SideFaults.reasonOr(error, "listing the source failed: "));
      }
      return;
    }
    for (KeyRange range : result.ranges()) {
      pending.addLast(range);
      ledger.listed(range);
      listCursor = range.lastKey();
    }
    if (result.exhausted()) {
      listingComplete = true;
    }
    touch();
  }

  private void schedule(Step step) {
    KeyRange range = step.range();
    RangeInput input =
        new RangeInput(
            request, range, step.fingerprints(), destinationEmptyAtStart, step.resumeFrom());
    long named = step.fingerprints().copiedCount() + step.fingerprints().skippedCount();
    ActivityOptions options =
        MigrationActivityOptions.range(
            request,
            switch (step.stage()) {
              case COPY ->
                  MigrationSummaries.rangeSummary(
                      request.dryRun() ? "dry-run copy" : "copy", range.objects(), range.bytes());
              case VERIFY ->
                  MigrationSummaries.verifySummary(request.effectiveVerification(), named);
              case DELETE -> MigrationSummaries.deleteSummary(named);
            });
    activitiesRunning++;
    Promise<RangeResult> result =
        switch (step.stage()) {
          case COPY ->
              Async.function(
                  Workflow.newActivityStub(CopyRangeActivity.class, options)::copyRange, input);
          case VERIFY ->
              Async.function(
                  Workflow.newActivityStub(VerifyRangeActivity.class, options)::verifyRange, input);
          case DELETE ->
              Async.function(
                  Workflow.newActivityStub(DeleteRangeActivity.class, options)::deleteRange, input);
        };
    result.handle(
        (r, e) -> {
          activitiesRunning--;
          onStepDone(step, r, e);
          return null;
        });
  }

  private void onStepDone(Step step, RangeResult result, RuntimeException error) {
    KeyRange range = step.range();
    if (error != null) {
      if (ActivityErrors.isCancellation(error)) {
        inFlight--;
        return;
      }
      String sideFault = SideFaults.reason(error);
      if (sideFault != null) {
        // The range stays in flight, waiting in ready until resume continues it where it stopped.
        ready.addLast(
            new Step(range, step.stage(), step.fingerprints(), SideFaults.resumeFrom(error)));
        pauseSelf(sideFault);
        return;
      }
      String message = ActivityErrors.rootMessage(error);
      int attempts = request.maxRetries() + 1;
      switch (step.stage()) {
        case COPY -> ledger.copyRangeFailed(range, message, attempts);
        case VERIFY ->
            ledger.checkRangeFailed(range, "verified", step.fingerprints(), message, attempts);
        case DELETE ->
            ledger.checkRangeFailed(range, "deleted", step.fingerprints(), message, attempts);
        default -> throw new IllegalStateException("unknown stage " + step.stage());
      }
      log.warn("{} of range {} failed: {}", step.stage(), range.describe(), message);
      rangeFinished(range, true, message);
      return;
    }
    ledger.apply(result);
    Step next = null;
    if (step.stage() == Stage.COPY) {
      boolean allFailed = range.objects() > 0 && result.failed() >= range.objects();
      if (request.verifies() && !result.passed().noObjects() && !verifiedOnArrival(result)) {
        next = new Step(range, Stage.VERIFY, result.passed());
      }
      if (next == null) {
        rangeFinished(range, allFailed, failureText(result));
        return;
      }
    } else if (step.stage() == Stage.VERIFY
        && request.mode() == Mode.MOVE
        && !result.passed().noObjects()) {
      if (approval.hold(request, range, result.passed())) {
        inFlight--; // its slot goes to the next range while the delete waits for approval
        rangesDoneThisRun++;
        touch();
        return;
      }
      next = new Step(range, Stage.DELETE, result.passed());
    }
    if (next != null) {
      ready.addLast(next);
      touch();
    } else {
      rangeFinished(range, false, null);
    }
  }

  /**
   * Whether the destination's own checks on arrival already verified a COPY range (every object
   * written and checked then, as S3 checks an upload's MD5): VerifyRange would look at nothing, so
   * the range ends here and its slot goes to the next one at once. A MOVE still verifies both sides
   * before delete. Histories recorded before this rule scheduled VerifyRange, and replay them so.
   */
  private boolean verifiedOnArrival(RangeResult copy) {
    return receiptsVerify && request.mode() == Mode.COPY && copy.passed().allCheckedOnArrival();
  }

  private static String failureText(RangeResult result) {
    return result.failures().isEmpty() ? "every object failed" : result.failures().get(0).message();
  }

  private void rangeFinished(KeyRange range, boolean failed, String message) {
    inFlight--;
    rangesDoneThisRun++;
    ledger.rangeDone(range);
    if (failed) {
      consecutiveRangeFailures++;
      if (consecutiveRangeFailures >= RANGE_FAILURES_BEFORE_PAUSE
          && machine.state() == MigrationState.RUNNING) {
        pauseSelf(consecutiveRangeFailures + " ranges in a row failed; last error: " + message);
      }
    } else {
      consecutiveRangeFailures = 0;
    }
    touch();
  }

  private void pauseSelf(String reason) {
    if (machine.transition(MigrationState.PAUSED)) {
      pausedReason = reason;
      log.warn("migration paused itself: {}", reason);
      touch();
    }
  }

  private void continueAsNew() {
    Workflow.await(Workflow::isEveryHandlerFinished);
    for (KeyRange range : pending) {
      ledger.unlisted(range);
    }
    MigrationCheckpoint next =
        new MigrationCheckpoint(
            machine.state(),
            pausedReason,
            startedCursor,
            listingComplete && pending.isEmpty(),
            ledger.objectsTotal,
            ledger.bytesTotal,
            ledger.objectsCopied,
            ledger.objectsSkipped,
            ledger.objectsFailed,
            ledger.objectsDeleted,
            ledger.bytesCopied,
            ledger.bytesDone,
            maxConcurrency,
            consecutiveRangeFailures,
            startedAtMillis,
            runs + 1,
            ledger.failures.newest(MigrationCheckpoint.MAX_CARRIED_FAILURES),
            destinationEmptyAtStart,
            approval.approvedBy(),
            approval.approvedAtMillis());
    log.info("continuing as new after {} events, run {}", historyLength(), runs + 1);
    MigrationWorkflow nextRun = Workflow.newContinueAsNewStub(MigrationWorkflow.class);
    nextRun.migrate(request.withCheckpoint(next));
  }

  private void restore(MigrationCheckpoint c) {
    ledger.restore(c);
    listCursor = c.cursor();
    startedCursor = c.cursor();
    listingComplete = c.listingComplete();
    maxConcurrency = c.maxConcurrency();
    consecutiveRangeFailures = c.consecutiveRangeFailures();
    startedAtMillis = c.startedAtMillis();
    runs = c.runs();
    destinationEmptyAtStart = c.destinationEmptyAtStart();
    approval.restore(c);
    if (c.state() == MigrationState.PAUSED && machine.transition(MigrationState.PAUSED)) {
      pausedReason = c.pausedReason();
    }
  }

  private void stopCancelled() {
    // Activities were cancelled with the workflow's scope; wait until each acknowledged, so that
    // CANCELLED means nothing of this migration still writes or deletes.
    Workflow.await(() -> activitiesRunning == 0);
    machine.transition(MigrationState.CANCELLED);
    touch();
  }

  private void finish(MigrationState end) {
    if (!machine.transition(end)) {
      log.warn("cannot end in {} from {}", end, machine.state());
    }
    touch();
  }

  private String summaryMessage() {
    return ledger.objectsFailed == 0 ? null : ledger.objectsFailed + " objects failed";
  }

  private void touch() {
    updatedAtMillis = Workflow.currentTimeMillis();
    throughput.record(updatedAtMillis, ledger.bytesCopied, ledger.bytesDone, ledger.objectsDone());
    publish();
  }

  private void publish() {
    publisher.publish(progress(), request.useSearchAttributes());
  }

  @Override
  public void pause(String reason) {
    if (machine.transition(MigrationState.PAUSED)) {
      pausedReason = reason == null || reason.isBlank() ? "paused by operator" : reason;
      log.info("paused: {}", pausedReason);
      touchIfStarted();
    } else {
      log.warn("pause ignored in state {}", machine.state());
    }
  }

  @Override
  public void resume() {
    if (approval.awaiting()) {
      log.warn("resume ignored: {}; send approveDelete (ferry approve ID)", pausedReason);
    } else if (machine.state() == MigrationState.PAUSED
        && machine.transition(MigrationState.RUNNING)) {
      pausedReason = null;
      consecutiveRangeFailures = 0;
      log.info("resumed");
      touchIfStarted();
    } else {
      log.warn("resume ignored in state {}", machine.state());
    }
  }

  @Override
  public void approveDelete(DeleteApprovalSignal signal) {
    if (approval.approve(signal, Workflow.currentTimeMillis())) {
      machine.transition(MigrationState.RUNNING);
      pausedReason = null;
      log.info("deletes approved by {}", approval.approvedBy());
      touch();
    } else {
      log.warn("approveDelete ignored: the migration does not await approval");
    }
  }

  private void touchIfStarted() {
    if (request != null) {
      touch();
    }
  }

  @Override
  public MigrationProgress progress() {
    long now = Workflow.currentTimeMillis();
    long objectsDone = ledger.objectsDone();
    double percent = ProgressMath.percent(objectsDone, ledger.objectsTotal, listingComplete);
    Long eta =
        ProgressMath.etaSeconds(
            listingComplete,
            ledger.bytesTotal - ledger.bytesDone,
            ledger.objectsTotal - objectsDone,
            throughput.bytesDonePerSecond(now),
            throughput.objectsDonePerSecond(now));
    return new MigrationProgress(
        Workflow.getInfo().getWorkflowId(),
        machine.state(),
        request == null ? Mode.COPY : request.mode(),
        pausedReason,
        listingComplete,
        ledger.objectsTotal,
        ledger.bytesTotal,
        ledger.objectsCopied,
        ledger.objectsSkipped,
        ledger.objectsFailed,
        ledger.objectsDeleted,
        ledger.bytesCopied,
        inFlight,
        maxConcurrency,
        percent,
        throughput.bytesCopiedPerSecond(now),
        eta,
        Instant.ofEpochMilli(startedAtMillis),
        Instant.ofEpochMilli(updatedAtMillis == 0 ? now : updatedAtMillis),
        approval.approvedBy(),
        approval.approvedAt(),
        request != null && request.dryRun());
  }

  @Override
  public FailuresPage failures(int offset, int limit) {
    return ledger.failures.page(offset, limit);
  }

  @Override
  public int setConcurrency(int n) {
    validateSetConcurrency(n);
    log.info("concurrency {} -> {}", maxConcurrency, n);
    maxConcurrency = n;
    touchIfStarted();
    return n;
  }

  @Override
  public void validateSetConcurrency(int n) {
    if (n < 1 || n > MigrationRequest.MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "maxConcurrency must be within 1.." + MigrationRequest.MAX_CONCURRENCY + ": " + n);
    }
  }
}
