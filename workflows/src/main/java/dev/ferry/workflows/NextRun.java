package dev.ferry.workflows;

import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * The stub a run continues as new through. Temporal carries the search attributes over to the next
 * run, not the memo, so the run hands the memo on itself: a retry's {@code retryOf} stays in the
 * Web UI on every run.
 */
final class NextRun {
  /** The change id of handing the memo on (it changes the continue-as-new command). */
  static final String CARRY_MEMO = "carry-memo";

  private NextRun() {}

  static MigrationWorkflow stub() {
    String retryOf = Workflow.getMemo(FerryNames.MEMO_RETRY_OF, String.class, String.class);
    if (retryOf == null
        || Workflow.getVersion(CARRY_MEMO, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return Workflow.newContinueAsNewStub(MigrationWorkflow.class);
    }
    ContinueAsNewOptions options =
        ContinueAsNewOptions.newBuilder()
            .setMemo(Map.of(FerryNames.MEMO_RETRY_OF, retryOf))
            .build();
    return Workflow.newContinueAsNewStub(MigrationWorkflow.class, options);
  }
}
