package dev.ferry.worker.client;

import dev.ferry.activities.config.ConfigBackendResolver;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.TemporalConnection;
import dev.ferry.worker.embedded.EmbeddedTemporal;
import dev.ferry.worker.host.Role;
import dev.ferry.worker.host.StoreWarmUp;
import dev.ferry.worker.host.WorkerHost;
import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One command's link to Temporal: a remote frontend, or embedded Temporal with an in-process worker
 * that hosts the migrations. Closing it stops the worker gracefully, then the embedded server.
 */
public final class Session implements AutoCloseable {
  private static final Duration WORKER_GRACE = Duration.ofSeconds(10);

  private final Settings settings;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final TemporalConnection connection;
  private final EmbeddedTemporal embedded;
  private final WorkerHost worker;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Thread shutdownHook;
  private Boolean searchAttributes;
  private String taskQueue; // where this session starts migrations (and its worker polls)
  private Boolean retryAttribute;

  private Session(
      Settings settings,
      WorkflowServiceStubs stubs,
      WorkflowClient client,
      TemporalConnection connection,
      EmbeddedTemporal embedded,
      WorkerHost worker) {
    this.settings = settings;
    this.stubs = stubs;
    this.client = client;
    this.connection = connection;
    this.embedded = embedded;
    this.worker = worker;
  }

  /** Connects to the configured frontend, or starts embedded Temporal and a worker in it. */
  public static Session open(Settings settings, boolean embedded, PrintWriter err) {
    return open(settings, embedded, err, List.of(), null);
  }

  /**
   * As {@link #open(Settings, boolean, PrintWriter)}. Embedded, the session's worker serves only
   * migration {@code migration} (none when null), on that migration's own task queue, and opens
   * {@code locations} (those of the migration about to start) while its server starts.
   */
  public static Session open(
      Settings settings,
      boolean embedded,
      PrintWriter err,
      List<String> locations,
      String migration) {
    String identity = WorkerHost.identity();
    if (!embedded) {
      TemporalConnection connection = TemporalConnector.connect(settings);
      WorkflowClient client =
          WorkflowClient.newInstance(
              connection.stubs(),
              WorkflowClientOptions.newBuilder()
                  .setNamespace(settings.namespace())
                  .setIdentity(identity)
                  .build());
      return new Session(settings, connection.stubs(), client, connection, null, null);
    }
    ConfigBackendResolver resolver = settings.newResolver();
    StoreWarmUp.start(resolver, locations);
    EmbeddedTemporal temporal;
    try {
      temporal =
          EmbeddedTemporal.start(
              settings.namespace(), identity, err, WorkerHost.factoryOptions().build());
    } catch (RuntimeException e) {
      resolver.close();
      throw e;
    }
    try {
      // Another embedded migration in this FERRY_HOME waits on a queue of its own: this run's
      // worker, with this run's config, never takes its tasks.
      String queue = EmbeddedQueues.of(temporal.stubs(), settings, migration);
      WorkerHost worker = null;
      if (queue != null) {
        worker =
            WorkerHost.start(
                temporal.workerFactory(),
                queue,
                Role.ALL,
                WorkerHost.DEFAULT_MAX_ACTIVITIES,
                resolver);
      } else {
        resolver.close();
      }
      Session session =
          new Session(settings, temporal.stubs(), temporal.client(), null, temporal, worker);
      session.taskQueue = queue;
      session.searchAttributes = temporal.durable() ? null : Boolean.TRUE;
      // Ctrl-C must not leave the dev server running on the database, nor tasks half-started.
      session.shutdownHook = new Thread(session::close, "ferry-embedded-shutdown");
      Runtime.getRuntime().addShutdownHook(session.shutdownHook);
      return session;
    } catch (RuntimeException e) {
      temporal.close();
      resolver.close();
      throw e;
    }
  }

  /** Whether Temporal runs inside this command, and only while it runs. */
  public boolean embedded() {
    return embedded != null;
  }

  public WorkflowClient client() {
    return client;
  }

  WorkflowServiceStubs stubs() {
    return stubs;
  }

  public String namespace() {
    return settings.namespace();
  }

  /** The Temporal frontend's {@code HOST:PORT}, as messages name it. */
  public String target() {
    return embedded() ? "the embedded dev server" : settings.target();
  }

  public String taskQueue() {
    return taskQueue != null ? taskQueue : settings.taskQueue();
  }

  /** True when a worker runs in this process (so local paths are the worker's paths). */
  boolean local() {
    return embedded != null;
  }

  /** True when the embedded server keeps its state on disk. */
  public boolean durable() {
    return embedded == null || embedded.durable();
  }

  /** Whether FerryState/FerryPercent may be upserted; registers them where allowed (once). */
  public boolean searchAttributes() {
    if (searchAttributes == null) {
      searchAttributes = SearchAttributes.ensure(stubs, settings.namespace(), settings.apiKey());
    }
    return searchAttributes;
  }

  /** Whether {@code FerryRetryOf} may be set; registers it where allowed (once). */
  boolean retryAttribute() {
    if (retryAttribute == null) {
      retryAttribute =
          durable()
              && SearchAttributes.ensureRetryOf(stubs, settings.namespace(), settings.apiKey());
    }
    return retryAttribute;
  }

  /** Describes migration {@code id}; an unknown id is bad input (see {@link #describeIfAny}). */
  public DescribeWorkflowExecutionResponse describe(String id) {
    return describeIfAny(id)
        .orElseThrow(
            () ->
                new BadInputException(
                    "no migration with id '" + id + "' in namespace '" + settings.namespace() + "'",
                    "check the id; ferry list shows the migrations"));
  }

  /**
   * Describes migration {@code id}; empty when no workflow has that id. The id of a workflow of
   * another type is bad input: no ferry command may signal, cancel or read it as a migration.
   */
  public Optional<DescribeWorkflowExecutionResponse> describeIfAny(String id) {
    DescribeWorkflowExecutionResponse described;
    try {
      described = describe(stubs, settings.namespace(), id);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND
          || e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
        return Optional.empty();
      }
      throw e;
    }
    String type = described.getWorkflowExecutionInfo().getType().getName();
    if (!type.equals(FerryNames.WORKFLOW_TYPE)) {
      throw new BadInputException(
          "'" + id + "' is not a ferry migration: it is a workflow of type '" + type + "'",
          "check the id; ferry list shows the migrations");
    }
    return Optional.of(described);
  }

  /** The server's description of workflow {@code id}; its gRPC status when there is none. */
  static DescribeWorkflowExecutionResponse describe(
      WorkflowServiceStubs stubs, String namespace, String id) {
    return stubs
        .blockingStub()
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(namespace)
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                .build());
  }

  /**
   * The request migration {@code id} was started with (its first history event); unknown: bad
   * input.
   */
  public MigrationRequest request(String id) {
    describe(id); // an unknown id is bad input
    HistoryEvent first = firstEvents(id, 1).get(0);
    Payloads input = first.getWorkflowExecutionStartedEventAttributes().getInput();
    return client
        .getOptions()
        .getDataConverter()
        .fromPayloads(0, Optional.of(input), MigrationRequest.class, MigrationRequest.class);
  }

  /** The first events of the latest run of workflow {@code id}: {@code max} at most. */
  public List<HistoryEvent> firstEvents(String id, int max) {
    return stubs
        .blockingStub()
        .getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(settings.namespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                .setMaximumPageSize(max)
                .build())
        .getHistory()
        .getEventsList();
  }

  /**
   * Whether some worker has polled this session's task queue for workflow tasks lately (the server
   * remembers pollers for a few minutes); true when the server cannot say.
   */
  public boolean hasWorker() {
    return hasWorker(settings.taskQueue());
  }

  /** As {@link #hasWorker()}, for task queue {@code taskQueue}. */
  public boolean hasWorker(String taskQueue) {
    try {
      return stubs
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .describeTaskQueue(
                  DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(settings.namespace())
                      .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                      .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                      .build())
              .getPollersCount()
          > 0;
    } catch (StatusRuntimeException e) {
      return true; // no answer is no evidence: say nothing
    }
  }

  /**
   * Why nobody answers {@code query} ({@code progress query}, {@code set-concurrency update}) of
   * the described migration, as bad input with its fix: no worker serves its queue, or it was
   * terminated, which no worker can replay to answer.
   */
  public static BadInputException unanswered(
      DescribeWorkflowExecutionResponse described, String query, Throwable cause) {
    String id = described.getWorkflowExecutionInfo().getExecution().getWorkflowId();
    if (described.getWorkflowExecutionInfo().getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED) {
      return new BadInputException(
          "migration " + id + " was terminated; no worker can replay it to answer its " + query,
          "a migration started with --report keeps its record: ferry report " + id,
          cause);
    }
    return new BadInputException(
        "no ferry worker answered the " + query + " of migration " + id,
        "start one with: ferry worker (task queue '" + taskQueueOf(described) + "')",
        cause);
  }

  /** The task queue of a described workflow: an embedded run's is not the config's. */
  public static String taskQueueOf(DescribeWorkflowExecutionResponse described) {
    return described.getExecutionConfig().getTaskQueue().getName();
  }

  /**
   * The progress of the described migration if a worker answers for it now, else null, without
   * waiting for one: for commands that work without a worker and only say more with one.
   */
  public MigrationProgress progressIfServed(DescribeWorkflowExecutionResponse described) {
    return progressIfServed(described, false);
  }

  /** As {@link #progressIfServed}, giving up after {@link BoundedQuery#WAIT} (see there). */
  public MigrationProgress progressIfServedSoon(DescribeWorkflowExecutionResponse described) {
    return progressIfServed(described, true);
  }

  private MigrationProgress progressIfServed(
      DescribeWorkflowExecutionResponse described, boolean soon) {
    if (!hasWorker(taskQueueOf(described))) {
      return null;
    }
    MigrationWorkflow migration =
        workflow(described.getWorkflowExecutionInfo().getExecution().getWorkflowId());
    try {
      return soon ? BoundedQuery.answer(migration::progress) : migration.progress();
    } catch (WorkflowException e) {
      return null; // a terminated history (which the SDK cannot replay for a query), or no worker
    }
  }

  /**
   * The described migration's progress: its final report's when it completed (no worker needed),
   * else a worker's answer now; null when none answers.
   */
  public MigrationProgress lastProgress(DescribeWorkflowExecutionResponse described) {
    if (described.getWorkflowExecutionInfo().getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      return untyped(described.getWorkflowExecutionInfo().getExecution().getWorkflowId())
          .getResult(MigrationReport.class)
          .progress();
    }
    return progressIfServed(described);
  }

  /** A typed stub for the latest run of {@code id}. */
  public MigrationWorkflow workflow(String id) {
    return client.newWorkflowStub(MigrationWorkflow.class, id);
  }

  /** An untyped stub for the latest run of {@code id}. */
  public WorkflowStub untyped(String id) {
    return client.newUntypedWorkflowStub(id);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook runs or ran this
      }
    }
    if (worker != null) {
      worker.stop(WORKER_GRACE);
    }
    if (embedded != null) {
      embedded.close();
    } else {
      connection.close();
    }
  }
}
