package dev.ferry.workflows;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;

/**
 * Shows a migration's progress outside the workflow: the live details on every change, and the
 * search attributes {@code FerryState} / {@code FerryPercent} on a state change or every few
 * percent (each upsert is a history event). Runs inside workflow code.
 */
final class ProgressPublisher {
  /** FerryPercent is upserted at most once per this many percent. */
  static final double PERCENT_STEP = 5.0;

  private static final SearchAttributeKey<String> STATE_KEY =
      SearchAttributeKey.forKeyword(FerryNames.SEARCH_ATTRIBUTE_STATE);
  private static final SearchAttributeKey<Double> PERCENT_KEY =
      SearchAttributeKey.forDouble(FerryNames.SEARCH_ATTRIBUTE_PERCENT);

  private MigrationState publishedState;
  private double publishedPercent = -1;

  /**
   * Sets the live details from {@code shown} and, when due and {@code request} allows, the search
   * attributes from {@code p}, the counted progress: when they are upserted must replay alike. A
   * run that continued an earlier one has no static summary (continue-as-new does not carry it):
   * its details name the migration instead.
   */
  void publish(MigrationProgress shown, MigrationProgress p, MigrationRequest request) {
    boolean continued = Workflow.getInfo().getContinuedExecutionRunId().isPresent();
    Workflow.setCurrentDetails(
        MigrationSummaries.currentDetails(
            shown, continued ? MigrationSummaries.workflowSummary(request) : null));
    if (!request.useSearchAttributes()) {
      return;
    }
    boolean stateChanged = p.state() != publishedState;
    boolean percentMoved =
        p.percent() - publishedPercent >= PERCENT_STEP
            || (p.percent() >= 100.0 && publishedPercent < 100.0);
    if (stateChanged || percentMoved) {
      Workflow.upsertTypedSearchAttributes(
          SearchAttributeUpdate.valueSet(STATE_KEY, p.state().name()),
          SearchAttributeUpdate.valueSet(PERCENT_KEY, roundPercent(p.percent())));
      publishedState = p.state();
      publishedPercent = p.percent();
    }
  }

  private static double roundPercent(double percent) {
    return Math.floor(percent * 10.0) / 10.0;
  }
}
