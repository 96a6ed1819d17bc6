package dev.ferry.activities.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.migration.FerryActivities;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.MigrationWorkflowImpl;
import dev.ferry.workflows.ObjectFailure;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A time-skipping Temporal test environment with one worker running the migration workflow and
 * activities over named in-memory backends: {@code env.backend("src", new MemoryBackend("src"))}
 * then start a migration from {@code "src"} to another name.
 */
public final class MigrationTestEnv implements AutoCloseable {
  private final TestWorkflowEnvironment env;
  private final Map<String, StorageBackend> backends = new ConcurrentHashMap<>();
  private final List<S3Connection> connections = new CopyOnWriteArrayList<>();
  private final Worker worker;
  private volatile Function<String, RuntimeException> openFailure = location -> null;

  public MigrationTestEnv() {
    this(activity -> true);
  }

  /**
   * An environment whose worker registers only the activity implementations {@code keep} accepts,
   * so that a test can register others of the same names on {@link #worker()} before {@link
   * #start}.
   */
  public MigrationTestEnv(Predicate<Object> keep) {
    env = TestWorkflowEnvironment.newInstance();
    env.registerSearchAttribute(
        FerryNames.SEARCH_ATTRIBUTE_STATE, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute(
        FerryNames.SEARCH_ATTRIBUTE_PERCENT, IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE);
    worker = env.newWorker(FerryNames.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(MigrationWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        Arrays.stream(FerryActivities.create(this::open)).filter(keep).toArray());
  }

  private StorageBackend open(String location) {
    RuntimeException refused = openFailure.apply(location);
    if (refused != null) {
      throw refused;
    }
    StorageBackend b = backends.get(location);
    if (b == null) {
      throw new NotFoundException("unknown test location " + location);
    }
    return b;
  }

  /**
   * Names {@code bucket}/{@code prefix} on {@code server} as location {@code location}, with the
   * profile {@link S3TestServer#profileWith} makes of {@code options}; its connection closes with
   * this environment.
   */
  public S3Backend s3(
      String location,
      S3TestServer server,
      String bucket,
      String prefix,
      Map<String, Object> options) {
    S3Connection connection =
        S3Connection.create(server.profileWith(server.name() + "-" + options, options));
    connections.add(connection);
    return backend(location, S3Backend.create(connection, bucket, prefix, location));
  }

  /** Names {@code backend} as location {@code location}; returns it. */
  public <B extends StorageBackend> B backend(String location, B backend) {
    backends.put(location, backend);
    return backend;
  }

  /**
   * Makes the worker's resolver throw what {@code failure} gives for a location (null: open it), as
   * a worker whose config lacks a profile does; null restores plain opening.
   */
  public void failOpening(Function<String, RuntimeException> failure) {
    openFailure = failure == null ? location -> null : failure;
  }

  /** Starts the worker; call after registering everything else on {@link #worker()}. */
  public MigrationTestEnv start() {
    env.start();
    return this;
  }

  public Worker worker() {
    return worker;
  }

  public TestWorkflowEnvironment testEnvironment() {
    return env;
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** Starts a migration under {@code workflowId} and returns its stub. */
  public MigrationWorkflow startMigration(String workflowId, MigrationRequest request) {
    return startMigration(workflowId, request, Map.of());
  }

  /** Starts a migration whose first run carries {@code memo}, as {@code ferry retry} starts one. */
  public MigrationWorkflow startMigration(
      String workflowId, MigrationRequest request, Map<String, Object> memo) {
    MigrationWorkflow stub =
        client()
            .newWorkflowStub(
                MigrationWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(workflowId)
                    .setTaskQueue(FerryNames.TASK_QUEUE)
                    .setMemo(memo.isEmpty() ? null : memo)
                    .build());
    WorkflowClient.start(stub::migrate, request);
    return stub;
  }

  /** Runs a migration to its end. */
  public MigrationReport run(String workflowId, MigrationRequest request) {
    startMigration(workflowId, request);
    return result(workflowId);
  }

  /** Runs a migration to its end, which must be COMPLETED with no object failed; its progress. */
  public MigrationProgress runCleanly(String workflowId, MigrationRequest request) {
    MigrationProgress p = run(workflowId, request).progress();
    assertEquals(MigrationState.COMPLETED, p.state(), workflowId);
    assertEquals(0, p.objectsFailed(), workflowId);
    return p;
  }

  /**
   * Runs a migration to its end, in which {@code copied} objects are copied and exactly one fails;
   * that failure.
   */
  public ObjectFailure runWithOneFailure(String workflowId, MigrationRequest request, long copied) {
    MigrationWorkflow workflow = startMigration(workflowId, request);
    MigrationProgress p = result(workflowId).progress();
    assertEquals(copied, p.objectsCopied(), p.toString());
    assertEquals(1, p.objectsFailed(), p.toString());
    List<ObjectFailure> failures = workflow.failures(0, 10).failures();
    assertEquals(1, failures.size(), failures.toString());
    return failures.get(0);
  }

  /** Waits for the (latest run of the) workflow's result. */
  public MigrationReport result(String workflowId) {
    return client().newUntypedWorkflowStub(workflowId).getResult(MigrationReport.class);
  }

  /** A typed stub on the latest run, for queries, signals and updates. */
  public MigrationWorkflow stub(String workflowId) {
    return client().newWorkflowStub(MigrationWorkflow.class, workflowId);
  }

  /**
   * How many activities of the workflow's latest run the server still holds, running or waiting to
   * retry: once a paused migration has none, no late result can pause it again after a resume.
   */
  public int activitiesPending(String workflowId) {
    DescribeWorkflowExecutionRequest request =
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client().getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build();
    return client()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(request)
        .getPendingActivitiesCount();
  }

  public WorkflowStub untyped(String workflowId) {
    return client().newUntypedWorkflowStub(workflowId);
  }

  @Override
  public void close() {
    env.close();
    connections.forEach(S3Connection::close);
  }
}
