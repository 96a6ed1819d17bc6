package dev.ferry.worker.client;

import dev.ferry.worker.common.BadInputException;
import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationSummaries;
import dev.ferry.workflows.MigrationWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Starts a migration workflow the way {@code run}, {@code start} and {@code retry} need it. */
public final class MigrationStarter {
  private MigrationStarter() {}

  /**
   * Starts the migration and returns its workflow id.
   *
   * @param attach when a migration with this id is still running, follow it instead of failing:
   *     this is how an interrupted {@code run --id X} resumes
   */
  public static String start(
      Session session, MigrationOptions options, boolean attach, PrintWriter err) {
    return start(session, options, options.id != null ? options.id : newId(), attach, err);
  }

  /**
   * As {@link #start(Session, MigrationOptions, boolean, PrintWriter)}, as migration {@code id}.
   */
  public static String start(
      Session session, MigrationOptions options, String id, boolean attach, PrintWriter err) {
    MigrationRequest request = request(session, options, err);
    if (options.keyList() != null && !session.local()) {
      err.println(
          "ferry: the workers read the --files-from keys at "
              + options.keyList()
              + "; a worker on another machine needs that path too");
    }
    if (attach && options.id != null) {
      refuseAnotherRunning(session, id, request);
    }
    RunningOverlaps.refuse(session, id, request, err);
    start(session, id, request, attach && options.id != null, null);
    return id;
  }

  /** A new migration id, for a migration started without {@code --id}. */
  public static String newId() {
    return FerryNames.WORKFLOW_ID_PREFIX + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Refuses to follow a running migration {@code id} that moves something else than {@code
   * request}: {@code run --id X} resumes X only when it names X's own locations and mode.
   */
  private static void refuseAnotherRunning(Session session, String id, MigrationRequest request) {
    WorkflowExecutionStatus status =
        session
            .describeIfAny(id)
            .map(d -> d.getWorkflowExecutionInfo().getStatus())
            .orElse(null); // null: no migration with that id yet
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return;
    }
    MigrationRequest running = session.request(id);
    if (!running.source().equals(request.source())
        || !running.destination().equals(request.destination())
        || running.mode() != request.mode()
        || running.dryRun() != request.dryRun()
        || running.live() != request.live()) {
      throw new BadInputException(
          "migration "
              + id
              + " is already running, as "
              + MigrationSummaries.workflowSummary(running)
              + "; this run names something else",
          follow(session, id));
    }
  }

  /** How to follow migration {@code id}: an embedded server lives only while a run hosts it. */
  private static String follow(Session session, String id) {
    return session.embedded()
        ? "resume it by running it again as it was started, with --id "
            + id
            + ", or pick another --id"
        : "follow it with: ferry watch " + id + ", or pick another --id";
  }

  /**
   * Starts migration {@code retryOf}'s request again as {@code id}, over the key list it carries;
   * the memo and a search attribute (where registered) name {@code retryOf}, so the UI shows them
   * as related.
   */
  public static void startRetry(
      Session session, String id, MigrationRequest request, String retryOf) {
    start(session, id, request, false, retryOf);
  }

  private static void start(
      Session session, String id, MigrationRequest request, boolean useExisting, String retryOf) {
    WorkflowOptions.Builder workflowOptions =
        workflowOptions(session, id, request)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
    Map<String, Object> memo = new LinkedHashMap<>();
    if (retryOf != null) {
      workflowOptions.setStaticSummary(
          "retry of " + retryOf + ": " + MigrationSummaries.workflowSummary(request));
      memo.put(FerryNames.MEMO_RETRY_OF, retryOf);
    }
    // A run's own start time is that of the latest run: ferry list shows this one.
    memo.put(FerryNames.MEMO_STARTED_AT, Instant.now().toString());
    workflowOptions.setMemo(memo);
    String retryAttribute = retryOf != null && session.retryAttribute() ? retryOf : null;
    if (request.useSearchAttributes() || retryAttribute != null) {
      // PENDING until a worker runs it: `ferry list --state pending` finds what waits for one.
      workflowOptions.setTypedSearchAttributes(
          SearchAttributes.atStart(request.useSearchAttributes(), retryAttribute));
    }
    if (useExisting) {
      workflowOptions.setWorkflowIdConflictPolicy(
          WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
    }
    MigrationWorkflow workflow =
        session.client().newWorkflowStub(MigrationWorkflow.class, workflowOptions.build());
    try {
      WorkflowClient.start(workflow::migrate, request);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new BadInputException(
          "a migration with id " + id + " is already running", follow(session, id), e);
    }
  }

  /**
   * The request for {@code options}; prints the search-attribute hint when they cannot be used.
   *
   * @throws BadInputException when an option needs a server that outlives this process
   */
  static MigrationRequest request(Session session, MigrationOptions options, PrintWriter err) {
    if (options.approveDelete && !session.durable()) {
      throw new BadInputException(
          "--approve-delete waits for 'ferry approve' from another command, and this in-memory"
              + " Temporal ends with this process",
          "put a temporal binary on the PATH or pass --temporal HOST:PORT");
    }
    boolean searchAttributes = session.searchAttributes();
    if (!searchAttributes) {
      err.println(SearchAttributes.hint(session.namespace()));
    }
    return options.toRequest(searchAttributes);
  }

  /**
   * What every start of a migration workflow sets, by a client or a schedule: id (a schedule
   * appends the time to it), the session's task queue, and the summary the Web UI shows.
   */
  static WorkflowOptions.Builder workflowOptions(
      Session session, String id, MigrationRequest request) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(session.taskQueue())
        .setWorkflowId(id)
        .setStaticSummary(MigrationSummaries.workflowSummary(request));
  }
}
