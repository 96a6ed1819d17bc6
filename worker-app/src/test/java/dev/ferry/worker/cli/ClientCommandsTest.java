package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.activities.storage.synthetic.SyntheticBackend;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.embedded.FerryHome;
import dev.ferry.worker.host.Role;
import dev.ferry.worker.host.WorkerHost;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TemporalDevServer;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client commands against the real Temporal dev server (from a {@code temporal} binary on the
 * PATH; skipped without one) with a ferry worker hosted by this test. Sources are synthetic ({@code
 * synth:COUNT}, or {@code failing:COUNT}, none of whose objects can be read) and writes are
 * discarded ({@code void:x}), so a long migration costs no disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCommandsTest {
  private TemporalDevServer server;
  private WorkflowServiceStubs stubs;
  private WorkerHost worker;
  private String target;

  @BeforeAll
  void startServerAndWorker() {
    server = TestTemporal.devServer();
    target = server.getTarget();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    worker =
        WorkerHost.start(
            WorkerFactory.newInstance(client), "ferry", Role.ALL, 16, TestTemporal.resolver());
  }

  @AfterAll
  void stop() {
    if (worker != null) {
      worker.stop(Duration.ofSeconds(5));
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  /** {@code ferry VERB --from FROM --to void:x --verify none MORE...}: a discarding run. */
  private CliRun intoVoid(String verb, String from, String... more) {
    String[] head = {verb, "--from", from, "--to", "void:x", "--verify", "none"};
    return ferry(concat(head, more));
  }

  /** {@code ferry start --from FROM --to TO MORE...} between two local paths. */
  private CliRun startBetween(Path from, Path to, String... more) {
    String[] head = {"start", "--from", from.toString(), "--to", to.toString()};
    return ferry(concat(head, more));
  }

  private CliRun ferry(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--temporal";
    all[args.length + 1] = target;
    return CliRun.of(all);
  }

  @Test
  void runAgainstAServerFollowsTheMigrationToItsSummary() {
    CliRun run = intoVoid("run", "synth:2500", "--id", "short-run");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(
        run.out().startsWith("completed: 2500 copied, 0 skipped, 0 failed, 0 deleted"), run.out());

    CliRun status = ferry("status", "short-run", "--json");
    assertEquals(ExitCode.OK, status.exit(), status.err());
    assertEquals("COMPLETED", json(status).get("state").asText());
    assertEquals(2500, json(status).get("objectsCopied").asLong());
  }

  /**
   * A migration that would work on the place a running one works on is refused before it starts;
   * two copies into one destination (a merge) go ahead with a warning; a dry run is never refused.
   */
  @Test
  void aMigrationOnThePlaceARunningOneWorksOnIsRefused() {
    CliRun first = startSynth("failing:400000", "void:shared", "--concurrency", "1");
    assertEquals(ExitCode.OK, first.exit(), first.err());
    String id = first.out().strip();
    ferry("pause", id);
    try {
      CliRun sync = startSynth("synth:10", "void:shared/in", "--mode", "sync", "--id", "ov-sync");
      assertEquals(ExitCode.BAD_INPUT, sync.exit(), sync.err());
      assertTrue(
          sync.err()
              .contains(
                  "--to void:shared/in overlaps the destination of running migration "
                      + id
                      + " (copy failing:400000 -> void:shared)"),
          sync.err());
      assertEquals(2, sync.errLines(), sync.err());
      assertTrue(ferry("status", "ov-sync").exit() != ExitCode.OK, "never started");

      CliRun reader = intoVoid("start", "void:shared");
      assertEquals(ExitCode.BAD_INPUT, reader.exit(), reader.err());
      assertTrue(reader.err().contains("--from void:shared overlaps the destination of"));

      CliRun dryRun = startSynth("synth:10", "void:shared", "--mode", "sync", "--dry-run");
      assertEquals(ExitCode.OK, dryRun.exit(), dryRun.err());

      CliRun copy = startSynth("synth:10", "void:shared");
      assertEquals(ExitCode.OK, copy.exit(), copy.err());
      assertTrue(
          copy.err()
              .contains("--to void:shared is also the destination of running migration " + id),
          copy.err());
    } finally {
      ferry("cancel", id);
    }
  }

  /** {@code ferry start --from FROM --to TO --verify none MORE...}. */
  private CliRun startSynth(String from, String to, String... more) {
    return ferry(
        concat(new String[] {"start", "--from", from, "--to", to, "--verify", "none"}, more));
  }

  @Test
  void startStatusPauseResizeResumeListFailuresCancelWatch() throws IOException {
    CliRun start = intoVoid("start", "failing:400000", "--concurrency", "1");
    assertEquals(ExitCode.OK, start.exit(), start.err());
    String id = start.out().strip();
    assertTrue(id.matches("ferry-[0-9a-f]{8}"), id);

    CliRun status = ferry("status", id);
    assertEquals(ExitCode.OK, status.exit(), status.err());
    assertTrue(status.out().contains("id:        " + id), status.out());

    CliRun pause = ferry("pause", id, "--reason", "maintenance window");
    assertEquals("paused " + id, pause.out().strip(), pause.err());
    JsonNode paused =
        eventually(
            () -> json(ferry("status", id, "--json")),
            j -> "PAUSED".equals(j.get("state").asText()));
    assertEquals("maintenance window", paused.get("pausedReason").asText());
    assertTrue(ferry("status", id).out().contains("PAUSED (maintenance window)"));
    CliRun again = ferry("pause", id, "--reason", "another");
    assertEquals(ExitCode.OK, again.exit(), again.err());
    assertEquals(
        id + " is already paused (maintenance window); nothing changed", again.out().strip());

    CliRun approve = ferry("approve", id);
    assertEquals(ExitCode.BAD_INPUT, approve.exit(), approve.err());
    assertTrue(approve.err().contains("is not awaiting delete approval"), approve.err());
    assertEquals(2, approve.errLines(), approve.err());

    CliRun cutover = ferry("cutover", id);
    assertEquals(ExitCode.BAD_INPUT, cutover.exit(), cutover.err());
    assertTrue(cutover.err().contains("is not a --live migration"), cutover.err());
    CliRun maxDelete = ferry("set-max-delete", id, "5");
    assertEquals(ExitCode.BAD_INPUT, maxDelete.exit(), maxDelete.err());
    assertTrue(maxDelete.err().contains("is a copy, not a sync"), maxDelete.err());

    CliRun resize = ferry("set-concurrency", id, "4");
    assertEquals("concurrency of " + id + " is now 4", resize.out().strip(), resize.err());

    assertEquals("resumed " + id, ferry("resume", id).out().strip());
    eventually(
        () -> json(ferry("status", id, "--json")), j -> "RUNNING".equals(j.get("state").asText()));
    assertEquals(
        id + " is not paused (running); nothing to resume", ferry("resume", id).out().strip());

    eventually(() -> ferry("list").out(), out -> out.contains(id));
    eventually(() -> ferry("list", "--state", "running").out(), out -> out.contains(id));
    assertTrue(!ferry("list", "--state", "completed").out().contains(id));

    CliRun failures = ferry("failures", id);
    assertEquals(ExitCode.OK, failures.exit(), failures.err());
    // No object of the source can be read: the workflow names only the newest failures.
    assertTrue(
        failures
            .out()
            .matches(
                "(?s).*\\d+ failed objects\n(showing the last [\\d,]+ of [\\d,]+; run with"
                    + " --report to keep all\n)?"),
        failures.out());

    // run --id resumes a running migration only if it names the same one.
    CliRun other = ferry("run", "--from", "synth:5", "--to", "void:y", "--id", id);
    assertEquals(ExitCode.BAD_INPUT, other.exit(), other.err());
    assertTrue(
        other.err().contains("is already running, as copy failing:400000 -> void:x"), other.err());
    CliRun dryRun =
        ferry("run", "--from", "failing:400000", "--to", "void:x", "--id", id, "--dry-run");
    assertEquals(ExitCode.BAD_INPUT, dryRun.exit(), dryRun.err());

    CliRun cancel = ferry("cancel", id);
    assertEquals(ExitCode.OK, cancel.exit(), cancel.err());
    CliRun watch = ferry("watch", id);
    assertEquals(ExitCode.FAILED, watch.exit(), watch.err());
    assertTrue(watch.out().startsWith("cancelled: "), watch.out());
    CliRun ended = ferry("status", id);
    assertEquals(ExitCode.FAILED, ended.exit(), ended.err());
    assertTrue(ended.out().contains("\nprogress:  CANCELLED "), ended.out());
    assertTrue(
        ended
            .out()
            .contains("\ncounters:  count the ranges that finished; what a range the cancel"),
        ended.out());
    // Before: it named 'ferry report', which then said the migration keeps no report.
    assertTrue(
        ended.out().contains("named only by a --report, which this migration does not keep\n"),
        ended.out());

    CliRun late = ferry("pause", id);
    assertEquals(ExitCode.BAD_INPUT, late.exit());
    assertTrue(late.err().contains("has already ended (canceled); nothing to pause"), late.err());
  }

  /**
   * Paused, a range's activity runs to its end, and status says so: it read "2 ranges held for
   * resume" while they went on writing for tens of seconds.
   */
  @Test
  void statusOfAPausedMigrationSaysWhichRangesStillRun() {
    String id = intoVoid("start", "slow:400", "--concurrency", "2").out().strip();
    eventually(() -> json(ferry("status", id, "--json")), j -> j.get("objectsCopied").asLong() > 0);
    ferry("pause", id);
    String paused =
        eventually(() -> ferry("status", id).out(), out -> out.contains("PAUSED (paused by"));
    assertTrue(
        paused.contains(
            " ranges held for resume, 2 of them still running: a pause lets each finish the step"
                + " it had started (limit 2)"),
        paused);
    ferry("cancel", id);
  }

  @Test
  void startOnAQueueNoWorkerPollsSaysItWaitsForOne() throws IOException {
    Path config = queueConfig("nobody-polls");
    CliRun start = startNeverRead(config);
    String id = start.out().strip();
    assertTrue(
        start.err().startsWith("ferry: no worker polls task queue 'nobody-polls' yet: " + id),
        start.err());
    // Until a worker runs it: PENDING at once (a query would wait a minute for a worker), and
    // listed as such.
    CliRun status = ferry("status", id, "--config", config.toString());
    assertEquals(ExitCode.OK, status.exit(), status.err());
    assertTrue(status.out().contains("progress:  PENDING"), status.out());
    assertTrue(
        status
            .out()
            .endsWith(
                "waiting:   no worker polls task queue 'nobody-polls' yet; start one with:"
                    + " ferry worker\n"),
        status.out());
    eventually(
        () -> ferry("list", "--state", "pending", "--config", config.toString()).out(),
        out -> out.contains(id + " "));
    // A signal waits for a worker, and says so; an update, which would wait without end, is
    // refused.
    CliRun pause = ferry("pause", id, "--config", config.toString());
    assertEquals(ExitCode.OK, pause.exit(), pause.err());
    assertEquals(
        "pause of "
            + id
            + " sent; no worker answers for it now, so it takes effect once one polls"
            + " task queue 'nobody-polls'",
        pause.out().strip());
    // Before: cutover asked a worker whether the migration is live, none answered, and it sent
    // nothing (exit 2, naming a "progress query").
    CliRun cutover = ferry("cutover", id, "--config", config.toString());
    assertEquals(ExitCode.OK, cutover.exit(), cutover.err());
    assertTrue(
        cutover.out().startsWith("cutover of " + id + " sent; no worker answers for it now"),
        cutover.out());
    CliRun resize = ferry("set-concurrency", id, "3", "--config", config.toString());
    assertEquals(ExitCode.BAD_INPUT, resize.exit(), resize.err());
    assertTrue(resize.err().contains("no ferry worker answered"), resize.err());
    // A client whose config names another queue still names the migration's own.
    CliRun approve = ferry("approve", id);
    assertEquals(ExitCode.BAD_INPUT, approve.exit(), approve.err());
    assertTrue(
        approve.err().contains("start one with: ferry worker (task queue 'nobody-polls')"),
        approve.err());
    assertEquals(ExitCode.OK, ferry("cancel", id, "--config", config.toString()).exit());
    // Cancelled before any worker took it: still pending, not "no worker answered" (exit 2).
    CliRun cancelled = ferry("status", id);
    assertEquals(ExitCode.OK, cancelled.exit(), cancelled.err());
    assertTrue(cancelled.out().contains("progress:  PENDING"), cancelled.out());
    assertTrue(
        cancelled
            .out()
            .endsWith("cancel:    requested; the migration ends as soon as a worker takes it\n"),
        cancelled.out());

    CliRun served = intoVoid("start", "synth:5");
    assertEquals(ExitCode.OK, served.exit(), served.err());
    assertEquals("", served.err());
  }

  @Test
  void aMigrationNoWorkerTookIsPendingAtOnceThoughAWorkerPolledItsQueueLately() throws IOException {
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    WorkerHost lately =
        WorkerHost.start(
            WorkerFactory.newInstance(client),
            "polled-lately",
            Role.ALL,
            1,
            TestTemporal.resolver());
    eventually(() -> pollers("polled-lately"), n -> n > 0);
    lately.stop(Duration.ofSeconds(1)); // the server remembers its pollers for minutes
    Path config = queueConfig("polled-lately");
    String id = startNeverRead(config).out().strip();
    // Before: the progress query waited about a minute for a worker, then "no worker answered".
    CliRun status = ferry("status", id, "--config", config.toString());
    assertEquals(ExitCode.OK, status.exit(), status.err());
    assertTrue(status.out().contains("progress:  PENDING"), status.out());
    assertTrue(
        status
            .out()
            .endsWith("waiting:   for a worker polling task queue 'polled-lately' to take it\n"),
        status.out());
    assertEquals(ExitCode.OK, ferry("cancel", id, "--config", config.toString()).exit());
  }

  @Test
  void anEndedMigrationNoWorkerServesNamesItsOwnQueue() {
    String id = "timed-out-unserved";
    WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().build())
        .newUntypedWorkflowStub(
            "MigrationWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue("never-polled")
                .setWorkflowExecutionTimeout(Duration.ofSeconds(1))
                .build())
        .start();
    // Asked from a config whose queue ('ferry') a worker polls: the line names the migration's.
    CliRun status = eventually(() -> ferry("status", id), s -> s.out().contains("ended:"));
    assertEquals(ExitCode.FAILED, status.exit(), status.err());
    assertTrue(status.out().contains("\nended:     timed out\n"), status.out());
    assertTrue(
        status
            .out()
            .contains("counters:  no worker polls task queue 'never-polled' to answer for them"),
        status.out());
  }

  @Test
  void aReportSummaryWhoseTotalsDifferFromTheCountersExitsOne(@TempDir Path tmp)
      throws IOException {
    Path reports = tmp.resolve("reports");
    CliRun run =
        intoVoid("run", "synth:3000", "--report", reports.toString(), "--id", "report-differs");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    CliRun equal = ferry("report", "report-differs", "--format", "summary");
    assertEquals(ExitCode.OK, equal.exit(), equal.err());
    assertTrue(equal.out().contains("\ntotals equal the progress counters\n"), equal.out());

    // A part lost: the report no longer proves what the migration counted.
    try (Stream<Path> parts = Files.list(reports.resolve("report-differs"))) {
      Files.delete(parts.filter(p -> p.toString().endsWith(".copy.jsonl")).findFirst().get());
    }
    CliRun differs = ferry("report", "report-differs", "--format", "summary");
    assertEquals(ExitCode.FAILED, differs.exit(), differs.out());
    assertTrue(
        differs.out().contains("\ntotals differ from the progress counters: copied "),
        differs.out());

    // Another pass than the one the counters count (here --pass 0, the parts outside pass
    // folders) is not held to them: an audit's --pass 3 exited 1 against pass 5's counters.
    CliRun other = ferry("report", "report-differs", "--format", "summary", "--pass", "0");
    assertEquals(ExitCode.OK, other.exit(), other.out());
    assertTrue(
        other.out().endsWith("\nprogress counters not compared: they count pass 1, not this one\n"),
        other.out());
    CliRun swept = ferry("report", "report-differs", "--format", "summary", "--pass", "3");
    assertTrue(swept.err().contains("none written yet, or of a pass no longer kept"), swept.err());
  }

  @Test
  void failuresAndRetrySayWhatRangesThatDiedUnrecordedFailed(@TempDir Path tmp) {
    String id = "died-unrecorded";
    CliRun run =
        intoVoid(
            "run",
            "dying:40",
            "--report",
            tmp.resolve("reports").toString(),
            "--id",
            id,
            "--max-retries",
            "0");
    assertEquals(ExitCode.FAILED, run.exit(), run.err() + run.out());
    // Finished with failed objects: status exits as run did, for scripts that ask it later.
    assertEquals(ExitCode.FAILED, ferry("status", id).exit());
    assertEquals(ExitCode.FAILED, ferry("status", id, "--json").exit());
    // Before: "0 failed objects (report)", objectsFailed 0, and "names no failed object".
    CliRun failures = ferry("failures", id);
    assertEquals(ExitCode.OK, failures.exit(), failures.err());
    assertTrue(failures.out().contains("]\tRANGE_FAILED\t"), failures.out());
    assertTrue(
        failures
            .out()
            .endsWith(
                "0 failed objects (report); the migration counted 40 more in ranges whose last"
                    + " attempt ended before writing to the report (listed by their bounds)\n"),
        failures.out());
    assertEquals(40, json(ferry("failures", id, "--json")).get("objectsFailed").asLong());
    CliRun retry = ferry("retry", id);
    assertEquals(ExitCode.BAD_INPUT, retry.exit(), retry.err());
    assertTrue(
        retry.err().contains("failed 40 object(s) only in whole ranges, whose keys nothing names"),
        retry.err());
  }

  @Test
  void failuresWithoutAReportCountRangesApartFromObjects() {
    CliRun run = intoVoid("run", "dying:40", "--id", "died-no-report", "--max-retries", "0");
    assertEquals(ExitCode.FAILED, run.exit(), run.err() + run.out());
    CliRun failures = ferry("failures", "died-no-report");
    assertEquals(ExitCode.OK, failures.exit(), failures.err());
    // Before: "1 failed object" under a line that stood for all 40.
    assertTrue(
        failures
            .out()
            .matches(
                "(?s).*\n0 failed objects and \\d+ failed ranges? listed; the migration counts 40"
                    + " objects failed \\(a range counts all it holds\\)\n"),
        failures.out());
  }

  @Test
  void failuresListsOneLinePerKeyWhateverItsCharacters(@TempDir Path tmp) throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src/blocked"));
    Files.writeString(src.resolve("tab\tkey"), "t");
    Files.writeString(src.resolve("new\nline"), "n");
    Path dst = Files.createDirectories(tmp.resolve("dst"));
    Files.writeString(dst.resolve("blocked"), "a file where the directory should be");
    CliRun run =
        ferry(
            "run",
            "--from",
            tmp.resolve("src").toString(),
            "--to",
            dst.toString(),
            "--id",
            "odd-keys-failed",
            "--max-retries",
            "0");
    assertEquals(ExitCode.FAILED, run.exit(), run.err() + run.out());
    // Before: the keys' own tab and newline broke the tab-separated lines.
    List<String> lines = ferry("failures", "odd-keys-failed").out().lines().toList();
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("blocked/new\\x0aline\tPERMANENT\t"), lines.get(0));
    assertTrue(lines.get(1).startsWith("blocked/tab\\x09key\tPERMANENT\t"), lines.get(1));
    assertEquals(3, lines.get(1).split("\t").length, lines.get(1));
  }

  @Test
  void watchAndRunSayTheyWaitForAWorkerWhileNonePolls() throws Exception {
    Path config = queueConfig("nobody-watches");
    String id = startNeverRead(config).out().strip();
    CompletableFuture<CliRun> watch =
        CompletableFuture.supplyAsync(() -> ferry("watch", id, "--config", config.toString()));
    CompletableFuture<CliRun> run =
        CompletableFuture.supplyAsync(
            () ->
                ferry(
                    "run",
                    "--config",
                    config.toString(),
                    "--id",
                    "run-" + id,
                    "--from",
                    "/never/read",
                    "--to",
                    "/never/x"));
    Thread.sleep(4_000);
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    client.newUntypedWorkflowStub(id).terminate("test over");
    client.newUntypedWorkflowStub("run-" + id).terminate("test over");
    String waits = ": waiting: no worker polls task queue 'nobody-watches'; start one with: ferry";
    CliRun watched = watch.get(60, TimeUnit.SECONDS);
    assertTrue(watched.err().startsWith("ferry: " + id + waits), watched.err());
    CliRun ran = run.get(60, TimeUnit.SECONDS);
    assertTrue(ran.err().contains("ferry: run-" + id + waits), ran.err());
  }

  /** A config file naming task queue {@code queue}. */
  private static Path queueConfig(String queue) throws IOException {
    Path config = Files.createTempFile("ferry-" + queue, ".yaml");
    Files.writeString(config, "temporal: { taskQueue: " + queue + " }\n");
    return config;
  }

  /**
   * Starts, with {@code config}, a migration whose locations are never read, into a destination of
   * its own: a start into the destination of another one still waiting would be warned about.
   */
  private CliRun startNeverRead(Path config) {
    String to = "/never/" + config.getFileName();
    CliRun start =
        ferry("start", "--config", config.toString(), "--from", "/never/read", "--to", to);
    assertEquals(ExitCode.OK, start.exit(), start.err());
    return start;
  }

  private int pollers(String taskQueue) {
    return stubs
        .blockingStub()
        .describeTaskQueue(
            DescribeTaskQueueRequest.newBuilder()
                .setNamespace("default")
                .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                .build())
        .getPollersCount();
  }

  @Test
  void anApiKeyAgainstAPlaintextServerSaysTlsFailedNotUnavailable() throws IOException {
    Path config = Files.createTempFile("ferry-apikey", ".yaml");
    Files.writeString(config, "temporal: { apiKey: not-for-this-server }\n");
    CliRun list = ferry("list", "--config", config.toString());
    assertEquals(ExitCode.BAD_INPUT, list.exit(), list.err());
    assertTrue(
        list.err().startsWith("ferry: cannot reach Temporal at " + target + " over TLS"),
        list.err());
    assertFalse(list.err().contains("not-for-this-server"), list.err());
  }

  @Test
  void aTerminatedMigrationIsListedByItsStatusNotTheStateItLastPublished() {
    CliRun start = intoVoid("start", "synth:400000", "--concurrency", "1");
    assertEquals(ExitCode.OK, start.exit(), start.err());
    String id = start.out().strip();
    eventually(() -> ferry("list", "--state", "running").out(), out -> out.contains(id));
    WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().build())
        .newUntypedWorkflowStub(id)
        .terminate("by the test");
    String row =
        eventually(
            () ->
                ferry("list")
                    .out()
                    .lines()
                    .filter(l -> l.startsWith(id + " "))
                    .findFirst()
                    .orElse(""),
            l -> l.contains("TERMINATED"));
    assertTrue(row.matches(Pattern.quote(id) + " +TERMINATED +- +.*"), row);
    assertFalse(ferry("list", "--state", "running").out().contains(id));
    // The SDK cannot replay a terminated history for the progress query: status says how it ended.
    CliRun status = ferry("status", id);
    assertEquals(ExitCode.FAILED, status.exit(), status.err());
    assertTrue(status.out().contains("\nended:     terminated: by the test\n"), status.out());
    // Its counters are not known: no zeros that read as a migration that moved nothing.
    assertTrue(
        status
            .out()
            .matches(
                "(?s).*\nprogress:  TERMINATED(, [0-9.]+% done when it last reported)?; counters"
                    + " not known\n.*"),
        status.out());
    assertTrue(
        status.out().contains("counters:  a terminated workflow cannot be replayed"), status.out());
    assertFalse(status.out().contains("objects:"), status.out());
    CliRun watch = ferry("watch", id);
    assertEquals(ExitCode.FAILED, watch.exit(), watch.err());
    assertEquals(
        "terminated: counters not known (a terminated workflow cannot be replayed to answer for"
            + " them); ferry status "
            + id
            + " shows the percent it last reported\n",
        watch.out());
    assertTrue(watch.err().contains("terminated: by the test"), watch.err());
    // Nor can a worker answer for its failures: the reason is the termination, not a worker.
    for (String command : List.of("failures", "retry")) {
      CliRun run = ferry(command, id);
      assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
      assertTrue(
          run.err().startsWith("ferry: migration " + id + " was terminated; no worker can replay"),
          run.err());
    }
  }

  /**
   * Each pass of a live migration is a run of its own (continue-as-new), whose start time is the
   * pass's: {@code ferry list} showed that, where the migration started passes ago.
   */
  @Test
  void listShowsWhenTheMigrationStartedNotItsLatestRun() {
    Instant before = Instant.now();
    CliRun start =
        intoVoid("start", "synth:5", "--live", "--interval", "1s", "--id", "live-started");
    assertEquals(ExitCode.OK, start.exit(), start.err());
    Instant after = Instant.now();
    eventually(
        () -> json(ferry("status", "live-started", "--json")),
        j -> j.get("passesCompleted").asInt() >= 2);
    String row =
        ferry("list").out().lines().filter(l -> l.startsWith("live-started ")).findFirst().get();
    Instant started = Instant.parse(row.substring(row.lastIndexOf(' ') + 1));
    assertTrue(!started.isBefore(before) && !started.isAfter(after), row);
    ferry("cutover", "live-started");
    eventually(
        () -> json(ferry("status", "live-started", "--json")),
        j -> "COMPLETED".equals(j.get("state").asText()));
  }

  @Test
  void cutoverOfAPausedLiveMigrationSaysTheFinalPassWaitsForResume() {
    CliRun start =
        intoVoid("start", "synth:5", "--live", "--interval", "1h", "--id", "live-paused");
    assertEquals(ExitCode.OK, start.exit(), start.err());
    eventually(
        () -> json(ferry("status", "live-paused", "--json")),
        j -> j.get("passesCompleted").asInt() >= 1);
    ferry("pause", "live-paused");
    eventually(
        () -> json(ferry("status", "live-paused", "--json")),
        j -> "PAUSED".equals(j.get("state").asText()));
    CliRun cutover = ferry("cutover", "live-paused");
    assertEquals(ExitCode.OK, cutover.exit(), cutover.err());
    assertTrue(
        cutover
            .out()
            .contains(
                "it is paused; the final pass starts when it is resumed (ferry resume"
                    + " live-paused)"),
        cutover.out());
    ferry("resume", "live-paused");
    eventually(
        () -> json(ferry("status", "live-paused", "--json")),
        j -> "COMPLETED".equals(j.get("state").asText()));
    // Before: a completed migration's status said "the running one is final".
    CliRun done = ferry("status", "live-paused");
    assertTrue(done.out().contains("\npasses:    2 done; pass 2 "), done.out());
    assertFalse(done.out().contains("running"), done.out());
    // A copy deletes nothing: before, it said the destination "matched" the source.
    CliRun watched = ferry("watch", "live-paused");
    assertTrue(
        watched.err().contains("cutover complete: the destination held every object of the source"),
        watched.out() + watched.err());
  }

  @Test
  void statusOfADryRunGivesTheWouldBeCountsAsRunDoes() {
    CliRun run = intoVoid("run", "synth:5", "--dry-run", "--id", "dry-1", "--json");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    JsonNode status = json(ferry("status", "dry-1", "--json"));
    assertEquals(5, status.get("wouldCopy").asLong(), status.toString());
    assertEquals(json(run), status);
  }

  @Test
  void failedObjectsGiveExitOneAndAreListed() {
    CliRun run = intoVoid("run", "failing:30", "--id", "with-failures");
    assertEquals(ExitCode.FAILED, run.exit(), run.err());
    assertTrue(run.out().startsWith("completed: 0 copied, 0 skipped, 30 failed"), run.out());

    // Failures are listed oldest first; the ranges of 30 objects may end in either order.
    Set<String> every =
        IntStream.range(0, 30).mapToObj(SyntheticBackend::key).collect(Collectors.toSet());
    CliRun text = ferry("failures", "with-failures");
    assertEquals(ExitCode.OK, text.exit(), text.err());
    List<String> lines = text.out().lines().toList();
    assertEquals(31, lines.size(), text.out());
    assertEquals(
        every,
        lines.subList(0, 30).stream().map(l -> l.split("\t")[0]).collect(Collectors.toSet()),
        text.out());
    assertEquals("30 failed objects", lines.get(30));

    JsonNode json = json(ferry("failures", "with-failures", "--json"));
    assertEquals(30, json.get("total").asInt());
    assertEquals(30, json.get("failures").size());
    Set<String> jsonKeys = new HashSet<>();
    json.get("failures").forEach(f -> jsonKeys.add(f.get("key").asText()));
    assertEquals(every, jsonKeys);
    assertTrue(json.fieldNames().next().equals("total"));
  }

  @Test
  void setMaxDeleteSaysWhetherResumeGoesOnOrPausesAgain(@TempDir Path tmp) throws IOException {
    Path from = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(from.resolve("kept.txt"), "kept");
    Path to = Files.createDirectories(tmp.resolve("out"));
    for (int i = 0; i < 10; i++) {
      Files.writeString(to.resolve("extra" + i + ".txt"), "extra " + i);
    }
    String id = "guard-cli";
    CliRun start = startBetween(from, to, "--mode", "sync", "--max-delete", "1", "--id", id);
    assertEquals(ExitCode.OK, start.exit(), start.err());
    eventually(
        () -> json(ferry("status", id, "--json")), j -> "PAUSED".equals(j.get("state").asText()));

    CliRun tooFew = ferry("set-max-delete", id, "5");
    assertEquals(
        "max-delete of "
            + id
            + " is now 5; the paused pass would delete 10, still over it (5),"
            + " so 'ferry resume "
            + id
            + "' pauses again",
        tooFew.out().strip(),
        tooFew.err());
    CliRun share = ferry("set-max-delete", id, "50%");
    assertTrue(share.out().endsWith(" checks it against the new limit\n"), share.out());
    CliRun enough = ferry("set-max-delete", id, "100%");
    assertEquals(
        "max-delete of " + id + " is now 100%; 'ferry resume " + id + "' goes on",
        enough.out().strip(),
        enough.err());
    ferry("cancel", id);
  }

  @Test
  void approveDeleteMovesOnlyAfterFerryApproveAndNamesTheApprover(@TempDir Path tmp)
      throws IOException {
    Path from = Files.createDirectories(tmp.resolve("in"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(from.resolve("f" + i + ".txt"), "file " + i);
    }
    Path to = tmp.resolve("out");
    CliRun start =
        startBetween(from, to, "--mode", "move", "--approve-delete", "--id", "approve-cli");
    assertEquals(ExitCode.OK, start.exit(), start.err());
    JsonNode waiting =
        eventually(
            () -> json(ferry("status", "approve-cli", "--json")),
            j -> "PAUSED".equals(j.get("state").asText()));
    assertEquals(
        "awaiting delete approval: 5 objects verified", waiting.get("pausedReason").asText());
    assertTrue(waiting.get("deleteApprovedBy").isNull(), waiting.toString());
    try (Stream<Path> left = Files.list(from)) {
      assertEquals(5, left.count(), "no source deleted before approval");
    }
    CliRun resume = ferry("resume", "approve-cli");
    assertEquals(ExitCode.BAD_INPUT, resume.exit(), resume.out());
    assertTrue(
        resume
            .err()
            .startsWith(
                "ferry: migration approve-cli awaits delete approval, which resume does not give\n"
                    + "  let its deletes run with: ferry approve approve-cli"),
        resume.err());
    assertTrue(
        ferry("pause", "approve-cli")
            .out()
            .endsWith("nothing changed: its deletes wait for 'ferry approve approve-cli'\n"));

    CliRun approve = ferry("approve", "approve-cli", "--approver", "alice");
    assertEquals(ExitCode.OK, approve.exit(), approve.err());
    assertTrue(approve.out().startsWith("approved deletes of approve-cli by alice"), approve.out());
    CliRun watch = ferry("watch", "approve-cli");
    assertEquals(ExitCode.OK, watch.exit(), watch.err());
    JsonNode done = json(ferry("status", "approve-cli", "--json"));
    assertEquals(5, done.get("objectsDeleted").asLong());
    assertEquals("alice", done.get("deleteApprovedBy").asText());
    assertTrue(done.get("deleteApprovedAt").asText().matches("\\d{4}-.*Z"), done.toString());
    try (Stream<Path> left = Files.list(from)) {
      assertEquals(0, left.count());
    }
    assertEquals("file 3", Files.readString(to.resolve("f3.txt")));
  }

  @Test
  void theStockCliApprovesWithTheDocumentedSignal(@TempDir Path tmp) throws Exception {
    Path from = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(from.resolve("only.txt"), "only");
    String[] args = {
      "start", "--from", from.toString(), "--to", tmp.resolve("out").toString(), "--mode", "move"
    };
    CliRun start = ferry(concat(args, "--approve-delete", "--id", "approve-stock"));
    assertEquals(ExitCode.OK, start.exit(), start.err());
    eventually(
        () -> json(ferry("status", "approve-stock", "--json")),
        j -> "PAUSED".equals(j.get("state").asText()));
    Process signal =
        new ProcessBuilder(
                FerryHome.temporalCli().toString(),
                "workflow",
                "signal",
                "--address",
                target,
                "--workflow-id",
                "approve-stock",
                "--name",
                "approveDelete",
                "--input",
                "{\"approver\":\"stock-cli\"}")
            .redirectErrorStream(true)
            .start();
    String said = new String(signal.getInputStream().readAllBytes());
    assertEquals(0, signal.waitFor(), said);
    assertEquals(ExitCode.OK, ferry("watch", "approve-stock").exit());
    JsonNode done = json(ferry("status", "approve-stock", "--json"));
    assertEquals("stock-cli", done.get("deleteApprovedBy").asText(), done.toString());
    assertEquals(1, done.get("objectsDeleted").asLong());
  }

  @ParameterizedTest(name = "report: {0}")
  @ValueSource(booleans = {false, true})
  void retryCopiesExactlyTheFailedKeysOnceTheFaultIsGone(boolean report, @TempDir Path tmp)
      throws IOException {
    System.setProperty(FerryHome.HOME_PROPERTY, tmp.resolve("home").toString());
    try {
      retryAfterTheFault(tmp, report);
    } finally {
      System.clearProperty(FerryHome.HOME_PROPERTY);
    }
  }

  private void retryAfterTheFault(Path tmp, boolean report) throws IOException {
    String id = report ? "faulty-reported" : "faulty";
    Path src = Files.createDirectories(tmp.resolve("src"));
    Path dst = Files.createDirectories(tmp.resolve("dst"));
    for (int i = 0; i < 6; i++) {
      Files.writeString(src.resolve("a" + i), "a" + i);
      Files.createDirectories(src.resolve("sub"));
      Files.writeString(src.resolve("sub/b " + i + "%+ü"), "b" + i);
    }
    Files.writeString(dst.resolve("sub"), "a file where the directory should be");
    String[] run = {"run", "--from", src.toString(), "--to", dst.toString(), "--max-retries", "0"};
    if (report) {
      run = concat(run, "--report", tmp.resolve("reports").toString());
    }
    CliRun failed = ferry(concat(run, "--id", id));
    assertEquals(ExitCode.FAILED, failed.exit(), failed.err() + failed.out());
    assertTrue(failed.out().startsWith("completed: 6 copied, 0 skipped, 6 failed"), failed.out());
    Files.delete(dst.resolve("sub"));
    FileTime copiedAt = Files.getLastModifiedTime(dst.resolve("a0"));

    CliRun retry = ferry("retry", id, "--json");
    assertEquals(ExitCode.OK, retry.exit(), retry.err());
    JsonNode done = json(retry);
    assertEquals(id + "-retry-1", done.get("id").asText());
    assertEquals(6, done.get("objectsTotal").asLong(), retry.out());
    assertEquals(6, done.get("objectsCopied").asLong(), retry.out());
    String source = report ? "named in the report at " + tmp.resolve("reports") : "that " + id;
    assertTrue(retry.err().contains("retrying the 6 failed object(s) " + source), retry.err());
    try (Stream<Path> files = Files.walk(dst)) {
      assertEquals(12, files.filter(Files::isRegularFile).count());
    }
    for (int i = 0; i < 6; i++) {
      assertEquals("b" + i, Files.readString(dst.resolve("sub/b " + i + "%+ü")));
    }
    assertEquals(copiedAt, Files.getLastModifiedTime(dst.resolve("a0")), "a0 was written again");
    var described =
        stubs
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default")
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id + "-retry-1"))
                    .build());
    assertTrue(
        described.getWorkflowExecutionInfo().getMemo().getFieldsMap().containsKey("retryOf"),
        described.toString());
    assertTrue(
        described
            .getWorkflowExecutionInfo()
            .getSearchAttributes()
            .getIndexedFieldsMap()
            .containsKey("FerryRetryOf"),
        described.toString());

    CliRun again = ferry("retry", id, "--json");
    assertEquals(ExitCode.OK, again.exit(), again.err());
    assertEquals(id + "-retry-2", json(again).get("id").asText());
    assertEquals(6, json(again).get("objectsSkipped").asLong(), again.out());
  }

  @Test
  void retryWithoutAReportSaysOnlyTheLastFailuresAreKnown(@TempDir Path tmp) {
    System.setProperty(FerryHome.HOME_PROPERTY, tmp.resolve("home").toString());
    try {
      // no object of the source can be read; the workflow names at most 1,000 of them
      CliRun run = intoVoid("run", "failing:1500", "--id", "many-failures");
      assertEquals(ExitCode.FAILED, run.exit(), run.err());
      CliRun retry = ferry("retry", "many-failures", "--json");
      assertEquals(ExitCode.FAILED, retry.exit(), retry.err());
      assertTrue(
          retry.err().contains("it failed 1500 and, without --report, keeps only the last 1000"),
          retry.err());
      assertEquals(1000, json(retry).get("objectsTotal").asLong(), retry.out());
    } finally {
      System.clearProperty(FerryHome.HOME_PROPERTY);
    }
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  @Test
  void unknownIdIsBadInput() {
    for (String command :
        new String[] {
          "status", "watch", "pause", "resume", "approve", "cancel", "failures", "retry"
        }) {
      CliRun run = ferry(command, "no-such-migration");
      assertEquals(ExitCode.BAD_INPUT, run.exit(), command + ": " + run.err());
      assertTrue(
          run.err().startsWith("ferry: no migration with id 'no-such-migration'"), run.err());
      assertEquals(2, run.errLines(), run.err());
    }
  }

  @Test
  void aWorkflowOfAnotherTypeIsNeitherSignalledNorReadAsAMigration() {
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    WorkflowStub other =
        client.newUntypedWorkflowStub(
            "OtherWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId("not-a-migration")
                .setTaskQueue("nobody-polls-this")
                .build());
    other.start();
    for (String[] command :
        new String[][] {
          {"status", "not-a-migration"},
          {"watch", "not-a-migration"},
          {"pause", "not-a-migration"},
          {"resume", "not-a-migration"},
          {"cancel", "not-a-migration"},
          {"approve", "not-a-migration"},
          {"failures", "not-a-migration"},
          {"report", "not-a-migration"},
          {"retry", "not-a-migration"},
          {"set-concurrency", "not-a-migration", "4"}
        }) {
      CliRun run = ferry(command);
      assertEquals(ExitCode.BAD_INPUT, run.exit(), command[0] + ": " + run.err());
      assertTrue(
          run.err()
              .startsWith(
                  "ferry: 'not-a-migration' is not a ferry migration: it is a workflow of type"
                      + " 'OtherWorkflow'"),
          command[0] + ": " + run.err());
    }
    CliRun start = intoVoid("start", "synth:1", "--id", "not-a-migration");
    assertEquals(ExitCode.BAD_INPUT, start.exit(), start.err());
    List<HistoryEvent> events = client.fetchHistory("not-a-migration").getHistory().getEventsList();
    assertTrue(
        events.stream()
            .noneMatch(
                e ->
                    e.hasWorkflowExecutionSignaledEventAttributes()
                        || e.hasWorkflowExecutionCancelRequestedEventAttributes()),
        "nothing sent to it: " + events);
    other.terminate("test over");
  }

  private static JsonNode json(CliRun run) {
    try {
      return new ObjectMapper().readTree(run.out());
    } catch (IOException e) {
      throw new AssertionError(run.out() + run.err(), e);
    }
  }

  private static <T> T eventually(Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never reached the expected state: " + last);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = probe.get();
    }
    return last;
  }
}
