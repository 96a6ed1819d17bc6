package dev.ferry.workflows;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * When a run hands over to the next (continue-as-new): once its history grows past the server's
 * suggestion or the request's budget, it drains, starting nothing new, and hands over when nothing
 * is in flight.
 */
final class HistoryBudget {
  /** History events one in-flight range may still add while a run drains. */
  static final int EVENTS_PER_RANGE = 12;

  private static final Logger log = Workflow.getLogger(HistoryBudget.class);

  private final Supplier<MigrationRequest> request;
  private final RangePipeline ranges;
  private final SourceListing listing;
  private final DeleteApproval approval;
  private final PruneGuard guard;
  private boolean draining;

  HistoryBudget(
      Supplier<MigrationRequest> request,
      RangePipeline ranges,
      SourceListing listing,
      DeleteApproval approval,
      PruneGuard guard) {
    this.request = request;
    this.ranges = ranges;
    this.listing = listing;
    this.approval = approval;
    this.guard = guard;
  }

  /** Whether the run starts nothing new, to hand over once what is in flight ended. */
  boolean draining() {
    return draining;
  }

  /** The run starts nothing new from here on. */
  void drain() {
    draining = true;
  }

  /** Starts draining when the history is over budget. */
  void drainIfOver() {
    if (draining || !overBudget()) {
      return;
    }
    draining = true;
    log.info(
        "history at {} events: draining before continue-as-new",
        Workflow.getInfo().getHistoryLength());
  }

  /** Whether the history is over budget while the run still starts work. */
  boolean turnsOver() {
    return !draining && overBudget();
  }

  /**
   * Nothing in flight and the history is over budget (draining, or paused with nothing left to
   * drain): the run can hand over.
   */
  boolean readyToHandOver() {
    return ranges.inFlight() == 0
        && ranges.activitiesRunning() == 0
        && !listing.inFlight()
        && approval.isEmpty()
        && (guard.isEmpty() || carriesHeldPrunes())
        && (draining || overBudget());
  }

  /** Handing over in the middle of a pass, held prunes go to the next run (see PruneGuard). */
  boolean carriesHeldPrunes() {
    return draining && !listing.allStarted() && guard.mayCarry();
  }

  private boolean overBudget() {
    if (ranges.rangesDoneThisRun() == 0) {
      return false; // every run makes progress, whatever the budget
    }
    WorkflowInfo info = Workflow.getInfo();
    long budget = request.get().maxHistoryEvents();
    long reserve = Math.min((long) ranges.inFlight() * EVENTS_PER_RANGE, budget / 2);
    return info.isContinueAsNewSuggested() || info.getHistoryLength() + reserve >= budget;
  }
}
