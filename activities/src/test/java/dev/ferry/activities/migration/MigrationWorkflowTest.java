package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.synthetic.DiscardBackend;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.Histories;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whole migrations on the time-skipping test server over in-memory backends. */
@Timeout(120)
class MigrationWorkflowTest {
  private MigrationTestEnv env;
  private MemoryBackend source;
  private MemoryBackend destination;

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
    source = env.backend("src:b/in", new MemoryBackend("src"));
    destination = env.backend("dst:b/out", new MemoryBackend("dst"));
    env.backend("fsrc:/in", new MemoryBackend("fsrc", false));
    env.backend("fdst:/out", new MemoryBackend("fdst", false));
    env.backend("chk:b/out", ForwardingBackend.checkingWrites(new MemoryBackend("chk")));
    env.backend("chk2:b/out", ForwardingBackend.checkingWrites(new MemoryBackend("chk2")));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /** A request over the default locations with small ranges, so several run at once. */
  static MigrationRequest request(
      Mode mode,
      Verification verification,
      IfExists ifExists,
      boolean dryRun,
      List<String> inc,
      List<String> exc) {
    return request("dst:b/out", mode, verification, ifExists, dryRun, inc, exc);
  }

  static MigrationRequest request(
      String destination, Mode mode, Verification verification, IfExists ifExists) {
    return request(destination, mode, verification, ifExists, false, null, null);
  }

  private static MigrationRequest request(
      String destination,
      Mode mode,
      Verification verification,
      IfExists ifExists,
      boolean dryRun,
      List<String> inc,
      List<String> exc) {
    return new MigrationRequest(
        "src:b/in",
        destination,
        mode,
        4,
        verification,
        2,
        Duration.ofSeconds(1),
        inc,
        exc,
        ifExists,
        dryRun,
        3,
        1024 * 1024,
        true);
  }

  static MigrationRequest copy() {
    return request(Mode.COPY, Verification.CHECKSUM, IfExists.SKIP_IDENTICAL, false, null, null);
  }

  static void fill(MemoryBackend backend, int n) {
    for (int i = 0; i < n; i++) {
      backend.putBytes(
          String.format("dir/k%03d", i),
          ("value " + i).getBytes(StandardCharsets.UTF_8),
          new ObjectMetadata("text/plain", Map.of("n", "" + i)));
    }
  }

  static void assertCountsAddUp(MigrationProgress p) {
    assertEquals(p.objectsTotal(), p.objectsCopied() + p.objectsSkipped() + p.objectsFailed());
  }

  @Test
  void copiesEveryObjectWithItsMetadataInManyRanges() {
    fill(source, 25);
    MigrationReport report = env.run("copy-1", copy());
    MigrationProgress p = report.progress();
    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(25, p.objectsTotal());
    assertEquals(25, p.objectsCopied());
    assertEquals(0, p.objectsFailed());
    assertEquals(100.0, p.percent());
    assertEquals(0L, p.etaSeconds());
    assertTrue(p.listingComplete());
    assertEquals(0, p.inFlight());
    assertNull(report.message());
    assertCountsAddUp(p);
    assertEquals(source.keys(), destination.keys());
    for (String key : source.keys()) {
      assertArrayEquals(source.bytes(key), destination.bytes(key));
      assertEquals(source.storedMetadata(key), destination.storedMetadata(key));
    }
  }

  @Test
  void aSmallMigrationAtHighConcurrencyRunsTwoWholeWavesOfRanges() {
    // --concurrency 32 on 2,000 objects: 64 ranges asked for, cut 32 objects each (63 ranges).
    // With at most 50 ranges a call, or at least 100 objects a range, slots stayed idle.
    fill(source, 2_000);
    MigrationRequest wide =
        new MigrationRequest(
            "src:b/in",
            "dst:b/out",
            Mode.COPY,
            32,
            Verification.CHECKSUM,
            2,
            Duration.ofSeconds(1),
            null,
            null,
            IfExists.SKIP_IDENTICAL,
            false,
            MigrationRequest.DEFAULT_BATCH_OBJECTS,
            MigrationRequest.DEFAULT_BATCH_BYTES,
            true);
    assertEquals(2_000, env.run("wide-1", wide).progress().objectsCopied());
    long copies =
        Histories.events(
                env.client().fetchHistory("wide-1"), EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .stream()
            .filter(
                e ->
                    e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("CopyRange"))
            .count();
    assertEquals(63, copies);
  }

  @Test
  void rerunCopiesNothingEveryObjectIsIdentical() {
    fill(source, 10);
    env.run("rerun-1", copy());
    long puts = destination.putCount();
    MigrationProgress p = env.run("rerun-2", copy()).progress();
    assertEquals(10, p.objectsSkipped());
    assertEquals(0, p.objectsCopied());
    // The one put of the second run is preflight's probe, deleted again.
    assertEquals(puts + 1, destination.putCount());
    assertEquals(10, destination.size());
  }

  @Test
  void rerunWithoutStoredChecksumsComparesBytes() {
    MemoryBackend fsSource = env.backend("fsrc:/in", new MemoryBackend("fsrc", false));
    MemoryBackend fsDestination = env.backend("fdst:/out", new MemoryBackend("fdst", false));
    fill(fsSource, 7);
    fsDestination.putBytes("dir/k003", "changed".getBytes(StandardCharsets.UTF_8));
    MigrationRequest r = MigrationRequest.of("fsrc:/in", "fdst:/out");
    MigrationProgress first = env.run("fs-1", r).progress();
    assertEquals(7, first.objectsCopied(), "k003 differs in content, so it is copied");
    MigrationProgress second = env.run("fs-2", r).progress();
    assertEquals(7, second.objectsSkipped());
    assertArrayEquals(fsSource.bytes("dir/k003"), fsDestination.bytes("dir/k003"));
  }

  @Test
  void dryRunWritesAndDeletesNothing() {
    fill(source, 9);
    MigrationProgress p =
        env.run(
                "dry-1",
                request(
                    Mode.MOVE, Verification.CHECKSUM, IfExists.SKIP_IDENTICAL, true, null, null))
            .progress();
    assertEquals(9, p.objectsCopied(), "counts what would be copied");
    assertEquals(9, p.objectsDeleted(), "counts what would be deleted once verified");
    assertEquals(0, destination.size());
    assertEquals(9, source.size(), "deletes nothing");
    assertEquals(0, destination.putCount());
  }

  @Test
  void filtersChooseTheKeys() {
    source.putBytes("a/x.txt", new byte[] {1});
    source.putBytes("a/y.bin", new byte[] {2});
    source.putBytes("b/z.txt", new byte[] {3});
    source.putBytes("tmp/w.txt", new byte[] {4});
    MigrationProgress p =
        env.run(
                "filter-1",
                request(
                    Mode.COPY,
                    Verification.SIZE,
                    IfExists.SKIP_IDENTICAL,
                    false,
                    List.of("*.txt"),
                    List.of("tmp/**")))
            .progress();
    assertEquals(2, p.objectsTotal());
    assertEquals(List.of("a/x.txt", "b/z.txt"), destination.keys());
  }

  @Test
  void skipLeavesExistingObjectsAndOverwriteReplacesThem() {
    source.putBytes("k", "new".getBytes(StandardCharsets.UTF_8));
    destination.putBytes("k", "old".getBytes(StandardCharsets.UTF_8));
    MigrationProgress skip =
        env.run(
                "skip-1",
                request(Mode.COPY, Verification.CHECKSUM, IfExists.SKIP, false, null, null))
            .progress();
    assertEquals(1, skip.objectsSkipped());
    assertEquals("old", new String(destination.bytes("k"), StandardCharsets.UTF_8));
    MigrationProgress overwrite =
        env.run(
                "overwrite-1",
                request(Mode.COPY, Verification.CHECKSUM, IfExists.OVERWRITE, false, null, null))
            .progress();
    assertEquals(1, overwrite.objectsCopied());
    assertEquals("new", new String(destination.bytes("k"), StandardCharsets.UTF_8));
  }

  @Test
  void moveDeletesVerifiedSources() {
    fill(source, 11);
    List<String> keys = source.keys();
    MigrationProgress p =
        env.run(
                "move-1",
                request(
                    Mode.MOVE, Verification.CHECKSUM, IfExists.SKIP_IDENTICAL, false, null, null))
            .progress();
    assertEquals(11, p.objectsCopied());
    assertEquals(11, p.objectsDeleted());
    assertEquals(0, source.size());
    assertEquals(keys, destination.keys());
  }

  @Test
  void aCopyTheDestinationCheckedOnArrivalNeedsNoVerifyButAMoveDoes() {
    fill(source, 10);
    MigrationRequest copy =
        request("chk:b/out", Mode.COPY, Verification.CHECKSUM, IfExists.SKIP_IDENTICAL);
    assertEquals(10, env.run("checked-copy", copy).progress().objectsCopied());
    assertEquals(List.of(), verifySummaries("checked-copy"));

    MigrationRequest move =
        request("chk2:b/out", Mode.MOVE, Verification.CHECKSUM, IfExists.SKIP_IDENTICAL);
    assertEquals(10, env.run("checked-move", move).progress().objectsDeleted());
    assertFalse(verifySummaries("checked-move").isEmpty());
  }

  private List<String> verifySummaries(String workflowId) {
    return Histories.activitySummaries(env.client().fetchHistory(workflowId)).stream()
        .filter(s -> s.startsWith("verify"))
        .toList();
  }

  @Test
  void emptySourceCompletes() {
    MigrationProgress p = env.run("empty-1", copy()).progress();
    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(0, p.objectsTotal());
    assertEquals(100.0, p.percent());
  }

  @Test
  void preflightRefusesOverlappingLocations() {
    env.backend("src:b/in/sub", new MemoryBackend("src/sub"));
    MigrationRequest r = MigrationRequest.of("src:b/in", "src:b/in/sub");
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> env.run("overlap-1", r));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FerryFailures.PREFLIGHT_REFUSED, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("overlap"), cause.getOriginalMessage());
  }

  @Test
  void preflightRefusesAProfileAndABarePathNamingOneTree(@TempDir Path tmp) throws Exception {
    Path archive = Files.createDirectories(tmp.resolve("archive"));
    env.backend("archive:/", FileSystemBackend.create(archive));
    env.backend(archive + "/restore", FileSystemBackend.create(archive.resolve("restore")));
    ApplicationFailure cause = refusal("overlap-2", "archive:/", archive + "/restore");
    assertTrue(cause.getOriginalMessage().contains("overlap"), cause.getOriginalMessage());
  }

  @Test
  void preflightRefusesASourceDirectoryThatDoesNotExist(@TempDir Path tmp) {
    env.backend("/typo", FileSystemBackend.create(tmp.resolve("typo")));
    ApplicationFailure cause = refusal("missing-1", "/typo", "dst:b/out");
    assertTrue(cause.getOriginalMessage().contains("does not exist"), cause.getOriginalMessage());
    assertEquals(0, destination.putCount());
  }

  @Test
  void preflightRefusesASourceOrDestinationThatIsAFileNamingIt(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("report.csv"), "a,b\n");
    env.backend("/file", FileSystemBackend.create(file));
    // The client refuses both before starting when its worker is in-process; a remote worker's
    // preflight must say the same, not that its probe object "already exists".
    for (ApplicationFailure cause :
        List.of(refusal("file-1", "/file", "dst:b/out"), refusal("file-2", "src:b/in", "/file"))) {
      assertTrue(
          cause.getOriginalMessage().contains(file + " is a file, not a directory"),
          cause.getOriginalMessage());
    }
    assertEquals(0, destination.putCount());
    assertEquals("a,b\n", Files.readString(file));
  }

  private ApplicationFailure refusal(String id, String from, String to) {
    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class, () -> env.run(id, MigrationRequest.of(from, to)));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FerryFailures.PREFLIGHT_REFUSED, cause.getType());
    return cause;
  }

  @Test
  void aContinuedRunNamesTheMigrationInItsDetailsForTheSummaryItLacks() {
    fill(source, 30);
    env.startMigration("continued-1", copy().withMaxHistoryEvents(60));
    assertEquals(30, env.result("continued-1").progress().objectsCopied());
    // The last run continued an earlier one: the Web UI shows it with no static summary.
    WorkflowMetadata metadata =
        env.untyped("continued-1").query("__temporal_workflow_metadata", WorkflowMetadata.class);
    String details = metadata.getCurrentDetails();
    assertTrue(details.startsWith("`copy src:b/in -> dst:b/out` **COMPLETED** 100.0%"), details);
  }

  @Test
  void everyActivityHasAHeartbeatTimeoutPreflightIncluded() {
    fill(source, 3);
    env.run("beats-1", copy());
    List<String> scheduled =
        env.client().fetchHistory("beats-1").getEvents().stream()
            .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
            .map(a -> a.getActivityType().getName() + " " + a.getHeartbeatTimeout().getSeconds())
            .distinct()
            .toList();
    assertTrue(scheduled.contains("Preflight 20"), scheduled.toString());
    assertTrue(scheduled.stream().allMatch(a -> a.endsWith(" 20")), scheduled.toString());
  }

  @Test
  void preflightRefusesToVerifyOrMoveIntoASinkThatKeepsNothing() {
    env.backend("sink:", DiscardBackend.create());
    fill(source, 3);
    String verifying =
        refused("sink-1", request("sink:", Mode.COPY, Verification.CHECKSUM, IfExists.SKIP));
    assertEquals(
        "preflight refused: destination sink: keeps nothing written to it, so there is nothing"
            + " to verify;"
            + " add --verify none",
        verifying);
    String moving =
        refused("sink-2", request("sink:", Mode.MOVE, Verification.NONE, IfExists.SKIP));
    assertTrue(moving.endsWith("a move deletes its sources; use --mode copy"), moving);
    assertEquals(3, source.list(null, null, 10).objects().size());
    MigrationProgress copied =
        env.run("sink-3", request("sink:", Mode.COPY, Verification.NONE, IfExists.SKIP)).progress();
    assertEquals(3, copied.objectsCopied());
  }

  private String refused(String id, MigrationRequest request) {
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> env.run(id, request));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FerryFailures.PREFLIGHT_REFUSED, cause.getType());
    return cause.getOriginalMessage();
  }

  @Test
  void preflightRefusesAnUnknownLocation() {
    MigrationRequest r = MigrationRequest.of("nowhere:x", "dst:b/out");
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> env.run("unknown-1", r));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FerryFailures.PREFLIGHT_REFUSED, cause.getType());
  }

  @Test
  void invalidRequestFailsTheWorkflowNotItsTask() {
    MigrationRequest r =
        new MigrationRequest(
            "src:b/in",
            "dst:b/out",
            Mode.COPY,
            0,
            null,
            1,
            null,
            null,
            null,
            null,
            false,
            1,
            1,
            false);
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> env.run("invalid-1", r));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FerryFailures.INVALID_REQUEST, cause.getType());
  }

  @Test
  void theWebUiReadsSummariesAndSearchAttributes() {
    fill(source, 30);
    env.run("ui-1", copy());
    WorkflowExecutionHistory history = env.client().fetchHistory("ui-1");
    List<String> summaries = Histories.activitySummaries(history);
    assertTrue(summaries.contains("copy 3 objects, 24 B"), summaries.toString());
    assertTrue(summaries.stream().anyMatch(s -> s.startsWith("verify (checksum) 3 objects")));
    SearchAttributes attributes = env.untyped("ui-1").describe().getTypedSearchAttributes();
    assertEquals(
        "COMPLETED",
        attributes.get(SearchAttributeKey.forKeyword(FerryNames.SEARCH_ATTRIBUTE_STATE)));
    assertEquals(
        100.0, attributes.get(SearchAttributeKey.forDouble(FerryNames.SEARCH_ATTRIBUTE_PERCENT)));
    long upserts =
        Histories.events(history, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES).size();
    // RUNNING, COMPLETED and at most one per 5 percent in between.
    assertTrue(upserts >= 2 && upserts <= 2 + 20, "upserts: " + upserts);
  }

  @Test
  void searchAttributesStayUntouchedWhenNotRegistered() {
    fill(source, 5);
    MigrationRequest r =
        new MigrationRequest(
            "src:b/in",
            "dst:b/out",
            Mode.COPY,
            2,
            null,
            1,
            null,
            null,
            null,
            null,
            false,
            2,
            1024,
            false);
    env.run("nosa-1", r);
    WorkflowExecutionHistory history = env.client().fetchHistory("nosa-1");
    assertEquals(
        0,
        Histories.events(history, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES).size());
  }
}
