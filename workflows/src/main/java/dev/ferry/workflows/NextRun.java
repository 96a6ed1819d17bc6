package dev.ferry.workflows;

import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stub a run continues as new through. Temporal carries the search attributes over to the next
 * run, not the memo, so the run hands the memo on itself: a retry's {@code retryOf} stays in the
 * Web UI on every run, and {@code startedAt} in {@code ferry list}.
 */
final class NextRun {
  /** The change id of handing the memo on (it changes the continue-as-new command). */
  static final String CARRY_MEMO = "carry-memo";

  /** The change id of handing {@code startedAt} on. */
  static final String CARRY_STARTED_AT = "carry-started-at";

  private NextRun() {}

  static MigrationWorkflow stub() {
    Map<String, Object> memo = new LinkedHashMap<>();
    carry(memo, FerryNames.MEMO_RETRY_OF, CARRY_MEMO);
    carry(memo, FerryNames.MEMO_STARTED_AT, CARRY_STARTED_AT);
    if (memo.isEmpty()) {
      return Workflow.newContinueAsNewStub(MigrationWorkflow.class);
    }
    ContinueAsNewOptions options = ContinueAsNewOptions.newBuilder().setMemo(memo).build();
    return Workflow.newContinueAsNewStub(MigrationWorkflow.class, options);
  }

  /**
   * Puts this run's memo field {@code key} into {@code memo} where it has one and the run hands it
   * on (change {@code changeId}); a run without the field asks no version, as before either.
   */
  private static void carry(Map<String, Object> memo, String key, String changeId) {
    String value = Workflow.getMemo(key, String.class, String.class);
    if (value != null
        && Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
      memo.put(key, value);
    }
  }
}
