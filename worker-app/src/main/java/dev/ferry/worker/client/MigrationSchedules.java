package dev.ferry.worker.client;

import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.format.ScheduleView;
import dev.ferry.worker.format.Units;
import dev.ferry.worker.host.WorkerHost;
import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.MigrationRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListActionStartWorkflow;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Recurring migrations as Temporal Schedules: each schedule starts one migration workflow, the same
 * type, task queue and request {@code ferry start} would, with the schedule's name as the workflow
 * id (Temporal appends the nominal time). Overlap policy skip: a run still going when the next is
 * due makes the schedule skip that one, so two runs never work on one destination at once.
 *
 * <p>Every call on a named schedule first describes it, so that an unknown name, or a schedule that
 * starts something other than ferry migrations, is bad input before anything changes.
 */
public final class MigrationSchedules {
  /** How long {@link #trigger} waits for the schedule to report the run it started. */
  static final Duration TRIGGER_WAIT = Duration.ofSeconds(10);

  private final Session session;
  private final ScheduleClient client;

  public MigrationSchedules(Session session) {
    this.session = session;
    this.client =
        ScheduleClient.newInstance(
            session.stubs(),
            ScheduleClientOptions.newBuilder()
                .setNamespace(session.namespace())
                .setIdentity(WorkerHost.identity())
                .build());
  }

  /**
   * Creates schedule {@code name} that starts a migration with {@code options} every {@code every};
   * the first run is due at the next multiple of {@code every}.
   *
   * @throws BadInputException when a schedule of that name exists or Temporal refuses the spec
   */
  public void create(String name, Duration every, MigrationOptions options, PrintWriter err) {
    MigrationRequest request = MigrationStarter.request(session, options, err);
    ScheduleActionStartWorkflow action =
        ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(FerryNames.WORKFLOW_TYPE)
            .setOptions(
                MigrationStarter.workflowOptions(session, name, request)
                    // Details as well as the summary: the SDK cannot describe a schedule whose
                    // action has a summary without details (it decodes the empty details).
                    .setStaticDetails(
                        "Started by schedule `"
                            + name
                            + "` every "
                            + Units.exactDuration(every)
                            + "; see `ferry schedule describe "
                            + name
                            + "`.")
                    .build())
            .setArguments(request)
            .build();
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(action)
            .setSpec(
                ScheduleSpec.newBuilder()
                    .setIntervals(List.of(new ScheduleIntervalSpec(every)))
                    .build())
            .setPolicy(
                SchedulePolicy.newBuilder()
                    .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                    .build())
            .build();
    try {
      call(name, () -> client.createSchedule(name, schedule, ScheduleOptions.newBuilder().build()));
    } catch (ScheduleAlreadyRunningException e) {
      throw new BadInputException(
          "a schedule named '" + name + "' already exists in namespace '" + namespace() + "'",
          "pick another name, or remove it first: ferry schedule delete " + name,
          e);
    }
  }

  /** The ferry schedules of the namespace, in the server's order. */
  public List<ScheduleListDescription> list() {
    return call(
        null,
        () ->
            client
                .listSchedules()
                .filter(
                    s ->
                        s.getSchedule().getAction() instanceof ScheduleListActionStartWorkflow a
                            && FerryNames.WORKFLOW_TYPE.equals(a.getWorkflow()))
                .toList());
  }

  /** Describes ferry schedule {@code name}. */
  public ScheduleDescription describe(String name) {
    ScheduleDescription description = call(name, () -> client.getHandle(name).describe());
    if (!(description.getSchedule().getAction() instanceof ScheduleActionStartWorkflow a)
        || !FerryNames.WORKFLOW_TYPE.equals(a.getWorkflowType())) {
      throw new BadInputException(
          "schedule '" + name + "' does not start ferry migrations",
          "manage it with: temporal schedule describe --schedule-id " + name);
    }
    return description;
  }

  /** Holds the schedule's due runs; returns its description from before. */
  public ScheduleDescription pause(String name, String note) {
    return act(name, h -> h.pause(note == null ? "paused with ferry" : note));
  }

  /** Lets the schedule's due runs start again; returns its description from before. */
  public ScheduleDescription unpause(String name) {
    return act(name, h -> h.unpause("unpaused with ferry"));
  }

  /**
   * Starts a run now and returns its workflow id, or null when the schedule has not reported it
   * within {@link #TRIGGER_WAIT}.
   *
   * <p>The schedule's overlap policy (skip) applies to a trigger as to any due run, so while a run
   * is still going a trigger would start nothing: that is refused as bad input, naming the run.
   */
  public String trigger(String name) {
    ScheduleDescription before = describe(name);
    List<ScheduleActionExecution> running = before.getInfo().getRunningActions();
    if (!running.isEmpty()) {
      String id = ScheduleView.workflowId(running.get(0));
      throw new BadInputException(
          "schedule '" + name + "' is still running " + id + "; overlap skip would drop a trigger",
          "wait for it to end (ferry watch " + id + "), then trigger again");
    }
    perform(name, ScheduleHandle::trigger);
    long deadline = System.nanoTime() + TRIGGER_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      ScheduleInfo now = describe(name).getInfo();
      Optional<ScheduleActionResult> newest =
          now.getRecentActions().stream()
              .max(Comparator.comparing(ScheduleActionResult::getStartedAt));
      if (now.getNumActions() > before.getInfo().getNumActions() && newest.isPresent()) {
        return ScheduleView.workflowId(newest.get().getAction());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** Deletes the schedule (runs it started go on); returns its description from before. */
  public ScheduleDescription delete(String name) {
    return act(name, ScheduleHandle::delete);
  }

  /** Describes ferry schedule {@code name}, then performs {@code action} on it. */
  private ScheduleDescription act(String name, Consumer<ScheduleHandle> action) {
    ScheduleDescription before = describe(name);
    perform(name, action);
    return before;
  }

  private void perform(String name, Consumer<ScheduleHandle> action) {
    call(
        name,
        () -> {
          action.accept(client.getHandle(name));
          return null;
        });
  }

  /** Runs a schedule call, reporting an unknown schedule or a refused request as bad input. */
  private <T> T call(String name, Supplier<T> operation) {
    try {
      return operation.get();
    } catch (ScheduleException e) {
      Status status = status(e);
      if (status != null && status.getCode() == Status.Code.NOT_FOUND && name != null) {
        throw new BadInputException(
            "no schedule named '" + name + "' in namespace '" + namespace() + "'",
            "ferry schedule list shows the schedules",
            e);
      }
      if (status != null && status.getCode() == Status.Code.INVALID_ARGUMENT) {
        throw new BadInputException(
            "Temporal refused schedule '" + name + "': " + status.getDescription(),
            "check the schedule's flags; ferry schedule create --help lists them",
            e);
      }
      throw e;
    }
  }

  private String namespace() {
    return session.namespace();
  }

  private static Status status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return s.getStatus();
      }
    }
    return null;
  }
}
