package dev.ferry.workflows;

/** Names that the workflow, the workers and the clients must agree on, declared once. */
public final class FerryNames {
  /** The default task queue shared by workflow and activity workers. */
  public static final String TASK_QUEUE = "ferry";

  /** Workflow type, as shown in the Web UI and used by the {@code temporal} CLI. */
  public static final String WORKFLOW_TYPE = "MigrationWorkflow";

  /** Keyword search attribute holding the {@link MigrationState} name. */
  public static final String SEARCH_ATTRIBUTE_STATE = "FerryState";

  /** Double search attribute holding the completion percentage. */
  public static final String SEARCH_ATTRIBUTE_PERCENT = "FerryPercent";

  /**
   * Memo field of a retry naming the migration it retries ({@code ferry retry}); the Web UI shows
   * it, and each run hands it to the next.
   */
  public static final String MEMO_RETRY_OF = "retryOf";

  /**
   * Memo field holding when the migration was started (ISO-8601), which {@code ferry list} shows:
   * each run hands it to the next, as a run's own start time is that of the latest run.
   */
  public static final String MEMO_STARTED_AT = "startedAt";

  /** Prefix of generated workflow ids ({@code ferry-<short uuid>}). */
  public static final String WORKFLOW_ID_PREFIX = "ferry-";

  /**
   * How {@code pausedReason} starts while an {@code --approve-delete} move waits for the {@code
   * approveDelete} signal.
   */
  public static final String AWAITING_DELETE_APPROVAL = "awaiting delete approval";

  private FerryNames() {}
}
