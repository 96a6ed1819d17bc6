package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.embedded.FerryHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry run} end to end in this process, on the in-memory embedded Temporal. */
class EmbeddedRunTest {
  private static final String SUMMARY =
      "completed: (\\d+) copied, (\\d+) skipped, 0 failed, (\\d+) deleted, [0-9.]+ (B|KiB|MiB) in"
          + " [0-9.]+ s";

  @TempDir Path tmp;
  private Path src;

  @BeforeEach
  void setUp() throws IOException {
    System.setProperty(FerryHome.TEMPORAL_CLI_PROPERTY, "none");
    System.setProperty(FerryHome.HOME_PROPERTY, tmp.resolve("home").toString());
    src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 30; i++) {
      Path file = src.resolve(i % 3 == 0 ? "dir/f" + i : "f" + i);
      Files.createDirectories(file.getParent());
      Files.write(file, ("object " + i + " ").repeat(i * 100).getBytes());
    }
  }

  @AfterEach
  void tearDown() {
    System.clearProperty(FerryHome.TEMPORAL_CLI_PROPERTY);
    System.clearProperty(FerryHome.HOME_PROPERTY);
  }

  @Test
  void copiesEverythingThenSkipsEverythingOnTheSecondRun() throws IOException {
    Path dst = tmp.resolve("dst");
    CliRun first = CliRun.of("run", "--from", src.toString(), "--to", dst.toString());
    assertEquals(ExitCode.OK, first.exit(), first.err());
    assertTrue(first.out().strip().matches(SUMMARY), first.out());
    assertTrue(first.out().startsWith("completed: 30 copied, 0 skipped"), first.out());
    assertTrue(first.err().contains("does not survive this process"), first.err());
    assertSameTree(src, dst);

    CliRun second = CliRun.of("run", "--from", src.toString(), "--to", dst.toString());
    assertEquals(ExitCode.OK, second.exit(), second.err());
    assertTrue(second.out().startsWith("completed: 0 copied, 30 skipped"), second.out());
    assertFalse(second.err().contains("nothing to transfer"), second.err());
  }

  @Test
  void aRunThatGoesOnNamesItsMigrationAfterTwoSeconds() throws IOException {
    Path config =
        Files.writeString(
            tmp.resolve("slow.yaml"),
            "backends:\n  slow: { type: synthetic, count: 15, size: 1, getLatency: 250ms }\n"
                + "  sink: { type: discard }\n");
    CliRun run =
        CliRun.of(
            "run",
            "--config",
            config.toString(),
            "--from",
            "slow:",
            "--to",
            "sink:",
            "--concurrency",
            "1",
            "--verify",
            "none",
            "--id",
            "slow-1");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(run.err().contains("ferry: migration slow-1\n"), run.err());
  }

  @Test
  void filtersTakeRclonesBracesClassesAndEscapes() throws IOException {
    Path pics = Files.createDirectories(src.resolve("pics"));
    for (String name : List.of("a.jpg", "b.png", "c.gif", "photo [1].jpg", "x\uD83D\uDE00.raw")) {
      Files.writeString(pics.resolve(name), name);
    }
    Path dst = tmp.resolve("dst");
    CliRun run =
        CliRun.of(
            "run",
            "--from",
            pics.toString(),
            "--to",
            dst.toString(),
            "--include",
            "*.{png,raw}",
            "--include",
            "photo \\[1\\].jpg",
            "--include",
            "[ab].jpg",
            "--exclude",
            "[!a].jpg");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    // Before: classes, braces and escapes were literal, so no include matched and none was copied.
    try (var listed = Files.list(dst)) {
      assertEquals(
          List.of("a.jpg", "b.png", "photo [1].jpg", "x\uD83D\uDE00.raw"),
          listed.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void filtersAreAnchoredAsRclonesAre() throws IOException {
    Path tree = tmp.resolve("tree");
    for (String key : List.of("lead/a", "x/lead/c", "cache/f", "a/cache/e", "top.txt")) {
      Files.createDirectories(tree.resolve(key).getParent());
      Files.writeString(tree.resolve(key), key);
    }
    // What rclone lsf with the same filters lists. Before: a leading / was a character of the key
    // (no lead/a, no top.txt left out), and cache/** left out only the top cache, not a/cache/e.
    assertEquals(
        List.of("a/cache/e", "lead/a", "top.txt"),
        copied(
            tree,
            "includes",
            "--include",
            "/lead/**",
            "--include",
            "*.txt",
            "--include",
            "*/cache/*"));
    assertEquals(
        List.of("lead/a", "x/lead/c"),
        copied(tree, "excludes", "--exclude", "cache/**", "--exclude", "/top.txt"));
  }

  /** The files a run from {@code from} with {@code filters} copied, as sorted relative paths. */
  private List<String> copied(Path from, String name, String... filters) throws IOException {
    Path dst = tmp.resolve(name);
    List<String> args =
        new ArrayList<>(List.of("run", "--from", from.toString(), "--to", dst.toString()));
    args.addAll(List.of(filters));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(ExitCode.OK, run.exit(), run.err());
    try (var listed = Files.walk(dst)) {
      return listed
          .filter(Files::isRegularFile)
          .map(p -> dst.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void theCsvReportShowsAFormulaLikeKeyAsText() throws IOException {
    Path odd = Files.createDirectories(src.resolve("odd"));
    Files.writeString(odd.resolve("=SUM(1,1).txt"), "x");
    CliRun run =
        CliRun.of(
            "run", "--from", odd.toString(), "--to", tmp.resolve("dst").toString(), "--id", "csv");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    CliRun csv = CliRun.of("report", "csv", "--format", "csv");
    assertEquals(ExitCode.OK, csv.exit(), csv.err());
    assertTrue(csv.out().contains("\n\"'=SUM(1,1).txt\",copy,copied,1,"), csv.out());
  }

  @Test
  void aSourceThatListsNothingSaysSoAndSucceeds() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CliRun run =
        CliRun.of("run", "--from", empty.toString(), "--to", tmp.resolve("dst").toString());
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(run.out().startsWith("completed: 0 copied, 0 skipped, 0 failed"), run.out());
    assertTrue(
        run.err().contains(": nothing to transfer: the source listed no objects (check --from"),
        run.err());
  }

  @Test
  void jsonPrintsExactlyOneProgressObjectOnStdout() throws IOException {
    CliRun run =
        CliRun.of("run", "--from", src.toString(), "--to", tmp.resolve("dst").toString(), "--json");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertEquals(1, run.out().lines().count(), run.out());
    JsonNode json = new ObjectMapper().readTree(run.out());
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertEquals(
        List.of(
            "id",
            "state",
            "mode",
            "pausedReason",
            "listingComplete",
            "objectsTotal",
            "bytesTotal",
            "objectsCopied",
            "objectsSkipped",
            "objectsFailed",
            "objectsDeleted",
            "bytesCopied",
            "inFlight",
            "maxConcurrency",
            "percent",
            "bytesPerSecond",
            "etaSeconds",
            "startedAt",
            "updatedAt",
            "deleteApprovedBy",
            "deleteApprovedAt",
            "dryRun",
            "pass",
            "passesCompleted",
            "lastPass",
            "converged",
            "finalPass",
            "nextPassAt",
            "live",
            "partitionsListed",
            "partitionsKnown",
            "wouldPause",
            "objectsKept"),
        fields);
    assertEquals("COMPLETED", json.get("state").asText());
    assertEquals(30, json.get("objectsCopied").asLong());
    assertTrue(json.get("startedAt").asText().endsWith("Z"), run.out());
  }

  @Test
  void moveDeletesTheVerifiedSources() throws IOException {
    Path copy = tmp.resolve("copy-of-src");
    assertEquals(0, CliRun.of("run", "--from", src.toString(), "--to", copy.toString()).exit());
    Path dst = tmp.resolve("moved");
    CliRun run =
        CliRun.of("run", "--from", src.toString(), "--to", dst.toString(), "--mode", "move");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(
        run.out().startsWith("completed: 30 copied, 0 skipped, 0 failed, 30 deleted"), run.out());
    assertSameTree(copy, dst);
    try (Stream<Path> left = Files.walk(src)) {
      assertEquals(0, left.filter(Files::isRegularFile).count());
    }
  }

  @Test
  void dryRunWritesNothingAndSaysWhatItWouldDo() throws IOException {
    Path dst = tmp.resolve("dst");
    CliRun run =
        CliRun.of(
            "run", "--from", src.toString(), "--to", dst.toString(), "--dry-run", "--mode", "move");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertFalse(Files.exists(dst), "dry run created the destination");
    assertTrue(
        run.out()
            .matches(
                "dry run: would copy 30, skip 0, delete 30 \\([0-9.]+ KiB\\); nothing was written\n"),
        run.out());
    try (Stream<Path> left = Files.walk(src)) {
      assertEquals(30, left.filter(Files::isRegularFile).count(), "the move's dry run deleted");
    }

    CliRun json =
        CliRun.of("run", "--from", src.toString(), "--to", dst.toString(), "--dry-run", "--json");
    assertEquals(ExitCode.OK, json.exit(), json.err());
    JsonNode j = new ObjectMapper().readTree(json.out());
    assertTrue(j.get("dryRun").asBoolean(), json.out());
    assertEquals(30, j.get("wouldCopy").asLong(), json.out());
    assertEquals(0, j.get("wouldSkip").asLong(), json.out());
    assertEquals(0, j.get("wouldDelete").asLong(), "a copy deletes nothing: " + json.out());
    assertEquals(j.get("bytesTotal").asLong(), j.get("wouldCopyBytes").asLong(), json.out());
    assertFalse(Files.exists(dst));

    // A move leaves a source that --if-exists skip left unverified: its dry run says so.
    Path taken = Files.createDirectories(tmp.resolve("taken"));
    Files.writeString(taken.resolve("f1"), "other bytes");
    CliRun skip =
        CliRun.of(
            "run",
            "--from",
            src.toString(),
            "--to",
            taken.toString(),
            "--dry-run",
            "--mode",
            "move",
            "--if-exists",
            "skip",
            "--json");
    JsonNode k = new ObjectMapper().readTree(skip.out());
    assertEquals(29, k.get("wouldCopy").asLong(), skip.out());
    assertEquals(1, k.get("wouldSkip").asLong(), skip.out());
    assertEquals(29, k.get("wouldDelete").asLong(), "f1 stays at the source: " + skip.out());
  }

  @Test
  void aNewcomersRunKeepsAReportThatNamesEveryFailure() throws IOException {
    Path dst = Files.createDirectories(tmp.resolve("dst"));
    Files.writeString(dst.resolve("dir"), "a file where dir/ needs a directory");
    CliRun run =
        CliRun.of("run", "--from", src.toString(), "--to", dst.toString(), "--id", "first");
    assertEquals(ExitCode.FAILED, run.exit(), run.err());
    Path reports = tmp.resolve("home").resolve("reports");
    assertTrue(
        run.err()
            .contains(
                "report in "
                    + reports.resolve("first")
                    + "; read it with: ferry report"
                    + " first\n"),
        run.err());

    // With a temporal: section, ferry report ID would ask that server, which never saw this run.
    Path config =
        Files.writeString(tmp.resolve("remote.yaml"), "temporal: { target: 127.0.0.1:1 }\n");
    CliRun again =
        CliRun.of(
            "run",
            "--embedded",
            "--config",
            config.toString(),
            "--from",
            src.toString(),
            "--to",
            dst.toString(),
            "--id",
            "second");
    assertTrue(
        again.err().contains("read it with: ferry report second --location " + reports + "\n"),
        again.err());
    CliRun located =
        CliRun.of("report", "second", "--format", "summary", "--location", reports.toString());
    assertEquals(ExitCode.OK, located.exit(), located.err());

    CliRun summary = CliRun.of("report", "first", "--format", "summary");
    assertEquals(ExitCode.OK, summary.exit(), summary.err());
    assertTrue(
        summary.out().contains(": 20 copied, 0 skipped, 10 failed, 0 deleted"), summary.out());
    assertTrue(
        summary
            .out()
            .endsWith("progress counters not compared: the report was read without Temporal\n"),
        summary.out());
    CliRun failures = CliRun.of("failures", "first");
    assertEquals(11, failures.out().lines().count(), failures.out());
    assertTrue(failures.out().startsWith("dir/f0\tPERMANENT\t"), failures.out());
    assertTrue(failures.out().endsWith("10 failed objects (report)\n"), failures.out());
  }

  @Test
  void aRefusedReportLeavesTheDestinationUntouched() {
    // /proc takes no new files, though it looks writable to root: preflight's probe finds it.
    Path dst = tmp.resolve("dst-untouched");
    CliRun run =
        CliRun.of(
            "run", "--from", src.toString(), "--to", dst.toString(), "--report", "/proc/ferry-r");
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().contains("/proc/ferry-r"), run.err());
    assertFalse(Files.exists(dst), "the destination was created");
  }

  @Test
  void preflightRefusalIsBadInput() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    // The client refuses a file as --to itself; a path under one only preflight's probe finds.
    Path under = file.resolve("sub");
    CliRun run = CliRun.of("run", "--from", src.toString(), "--to", under.toString());
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().contains("ferry: preflight refused: destination " + under), run.err());
    assertTrue(run.err().contains("correct what it names and run again"), run.err());
    // A refusal is all there is to read: no "interrupted? run again" for a run that never began.
    assertFalse(run.err().contains("ferry: migration "), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
    assertEquals("", run.out());
    assertEquals("not a directory", Files.readString(file));
  }

  private static void assertSameTree(Path expected, Path actual) throws IOException {
    try (Stream<Path> files = Files.walk(expected)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = actual.resolve(expected.relativize(file).toString());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(copy), copy.toString());
      }
    }
    try (Stream<Path> files = Files.walk(actual)) {
      try (Stream<Path> originals = Files.walk(expected)) {
        assertEquals(
            originals.filter(Files::isRegularFile).count(),
            files.filter(Files::isRegularFile).count());
      }
    }
  }
}
