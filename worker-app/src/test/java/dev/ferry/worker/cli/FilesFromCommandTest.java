package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.embedded.FerryHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ferry run --files-from} in this process: exactly the listed files arrive, a listed one the
 * source lacks fails by name, and a list with a bad line is refused with its file and line number
 * before anything is written.
 */
class FilesFromCommandTest {
  private static final List<String> LISTED =
      List.of("with space.txt", "ünï/cödé 文件.txt", "100%.txt", "a+b=c.txt", "d/e/deep.bin");

  @TempDir Path tmp;
  private Path src;
  private Path dst;

  @BeforeEach
  void setUp() throws IOException {
    System.setProperty(FerryHome.TEMPORAL_CLI_PROPERTY, "none");
    System.setProperty(FerryHome.HOME_PROPERTY, tmp.resolve("home").toString());
    src = Files.createDirectories(tmp.resolve("src"));
    dst = tmp.resolve("dst");
    for (String key : LISTED) {
      write(src.resolve(key), "bytes of " + key);
    }
    for (String key : List.of("with space.txu", "d/e/deeper.bin", "unlisted", "ünï/other")) {
      write(src.resolve(key), "not listed");
    }
  }

  @AfterEach
  void tearDown() {
    System.clearProperty(FerryHome.TEMPORAL_CLI_PROPERTY);
    System.clearProperty(FerryHome.HOME_PROPERTY);
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static List<String> tree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void plainKeysCopyExactlyTheListAndTheMissingOneFailsByName() throws IOException {
    Path list = tmp.resolve("keys.txt");
    // CRLF on one line, a duplicate, a key the source lacks and one no directory can hold.
    Files.writeString(
        list,
        String.join("\n", LISTED) + "\r\n100%.txt\nnot/there.txt\nx/../../escape.txt\n",
        StandardCharsets.UTF_8);
    write(tmp.resolve("escape.txt"), "outside the source");

    CliRun run = runWith(list);

    assertEquals(ExitCode.FAILED, run.exit(), run.err() + run.out());
    assertTrue(run.out().contains(LISTED.size() + " copied"), run.out());
    assertTrue(run.out().contains("2 failed"), run.out());
    assertEquals("outside the source", Files.readString(tmp.resolve("escape.txt")));
    assertEquals(new TreeSet<>(LISTED).stream().toList(), tree(dst));
    for (String key : LISTED) {
      assertEquals("bytes of " + key, Files.readString(dst.resolve(key)), key);
    }
  }

  @Test
  void reportLinesAreFilteredByAction() throws IOException {
    Path report = tmp.resolve("report.jsonl");
    Files.writeString(
        report,
        "{\"key\":\"with space.txt\",\"action\":\"failed\",\"error\":\"x\"}\n"
            + "{\"key\":\"100%.txt\",\"action\":\"copied\"}\n"
            + "{\"key\":\"ünï/cödé 文件.txt\",\"action\":\"failed\"}\n");

    CliRun run = runWith(report, "--files-from-action", "failed");

    assertEquals(ExitCode.OK, run.exit(), run.err() + run.out());
    assertEquals(List.of("with space.txt", "ünï/cödé 文件.txt"), tree(dst));
  }

  @Test
  void aReportLocationIsReadPartByPartAndItsRangeLinesAreCounted() throws IOException {
    Path report = Files.createDirectories(tmp.resolve("report/ferry-1"));
    String header = "{\"ferryReportPart\":1,\"migration\":\"ferry-1\",\"step\":\"copy\"";
    Files.writeString(
        report.resolve("a.copy.jsonl"),
        header
            + ",\"lastKey\":\"b\"}\n"
            + "{\"key\":\"100%.txt\",\"step\":\"copy\",\"action\":\"failed\"}\n"
            + "{\"key\":\"a+b=c.txt\",\"step\":\"copy\",\"action\":\"copied\"}\n");
    Files.writeString(
        report.resolve("b.copy.jsonl"),
        header
            + ",\"startAfter\":\"b\",\"lastKey\":\"z\"}\n"
            + "{\"step\":\"copy\",\"action\":\"failed\",\"range\":\"(b, z]\",\"objects\":3}\n"
            + "{\"key\":\"d/e/deep.bin\",\"step\":\"verify\",\"action\":\"failed\"}\n");

    CliRun run = runWith(report, "--files-from-action", "failed");

    assertEquals(ExitCode.OK, run.exit(), run.err() + run.out());
    assertEquals(List.of("100%.txt", "d/e/deep.bin"), tree(dst));
    assertTrue(run.err().contains("1 report line(s) stand for whole ranges"), run.err());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty line|a.txt\\n\\nb.txt|line 2 has an empty key\\n  remove the empty line;",
        "not json|{\"key\":\"a\"}\\n{\"key\":|line 2 is not valid JSON at column",
        "no key|{\"key\":\"a\"}\\n{\"name\":\"b\"}|line 2 has no \"key\" string",
        "json array|{\"key\":\"a\"}\\n[1]|line 2 is not a JSON object",
        "empty json key|{\"key\":\"\"}|line 1 has an empty key\\n  remove the line or give its"
            + " \"key\" a value;",
      })
  void aBadLineIsNamedWithItsNumberAndNothingIsWritten(String name, String text, String expected)
      throws IOException {
    Path list = tmp.resolve("bad.txt");
    Files.writeString(list, text.replace("\\n", "\n"));
    CliRun run = runWith(list);
    assertRefused(run, "--files-from " + list + " " + expected.replace("\\n", "\n"));
  }

  @Test
  void aMissingFileIsRefused() {
    Path list = tmp.resolve("nope.txt");
    CliRun run = runWith(list);
    assertRefused(run, "--files-from " + list + " does not exist");
  }

  @Test
  void anActionFilterOnPlainKeysIsRefused() throws IOException {
    Path list = tmp.resolve("keys.txt");
    Files.writeString(list, "a.txt\n");
    CliRun run = runWith(list, "--files-from-action", "failed");
    assertRefused(run, "line 1 holds plain keys");
  }

  @Test
  void aListThatIsNoRegularFileIsReadAsOneFile() {
    // A device or a pipe (--files-from <(find ...)) holds keys too; /dev/null holds none.
    assertRefused(runWith(Path.of("/dev/null")), "--files-from /dev/null lists no keys");
  }

  private CliRun runWith(Path list, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--from",
                src.toString(),
                "--to",
                dst.toString(),
                "--files-from",
                list.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private void assertRefused(CliRun run, String expected) {
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().contains(expected), () -> "stderr lacks '" + expected + "': " + run.err());
    assertTrue(run.errLines() <= 2, run.err());
    assertEquals("", run.out());
    assertFalse(Files.exists(dst), "destination was created");
    assertFalse(Files.exists(tmp.resolve("home")), "ferry home was created");
  }
}
