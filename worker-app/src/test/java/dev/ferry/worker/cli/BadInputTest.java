package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.embedded.FerryHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of user mistake ends with exit 2, one or two lines on stderr that name the problem
 * (and the fix), no stack trace, nothing on stdout and nothing written.
 */
class BadInputTest {
  @TempDir static Path tmp;
  private static Path src;
  private static Path dst;

  @BeforeEach
  void setUp() throws IOException {
    src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "a");
    dst = tmp.resolve("dst");
    Files.writeString(
        tmp.resolve("ferry.yaml"),
        "backends:\n  archive: { type: file, root: " + tmp.resolve("archive") + " }\n");
    Files.writeString(tmp.resolve("broken.yaml"), "backends: [ {\n");
    Files.writeString(
        tmp.resolve("secret.yaml"),
        "temporal: { target: 127.0.0.1:1, apiKey: s3cr3t-key }\nbackends:\n"
            + "  s3: { type: s3, endpoint: http://127.0.0.1:1, accessKey: AKIA, secretKey: sEcReT }\n");
    Files.writeString(
        tmp.resolve("tls-missing.yaml"),
        "temporal: { target: 127.0.0.1:7233, tlsCert: ./nope.pem, tlsKey: ./nope.key }\n");
    Files.writeString(
        tmp.resolve("tls-half.yaml"), "temporal: { target: 127.0.0.1:7233, tlsCert: ./a.pem }\n");
    Files.writeString(
        tmp.resolve("a.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    Files.writeString(
        tmp.resolve("a.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    Files.writeString(
        tmp.resolve("tls-garbage.yaml"),
        "temporal: { target: 127.0.0.1:7233, tlsCert: ./a.pem, tlsKey: ./a.key }\n");
    Files.writeString(
        tmp.resolve("unset.yaml"),
        "temporal: { target: 127.0.0.1:1 }\nbackends:\n"
            + "  vault: { type: s3, endpoint: http://127.0.0.1:1, accessKey: a,"
            + " secretKey: ${FERRY_TEST_NEVER_SET} }\n");
    Files.writeString(
        tmp.resolve("typo.yaml"),
        "temporal: { target: 127.0.0.1:1 }\nbackends:\n"
            + "  typo: { type: s3, endpoint: 127.0.0.1:9000, accessKey: a, secretKey: b }\n");
    System.setProperty(FerryHome.HOME_PROPERTY, tmp.resolve("home").toString());
    System.setProperty(FerryHome.TEMPORAL_CLI_PROPERTY, "none");
  }

  @AfterEach
  void tearDown() {
    System.clearProperty(FerryHome.HOME_PROPERTY);
    System.clearProperty(FerryHome.TEMPORAL_CLI_PROPERTY);
  }

  static Stream<Arguments> mistakes() {
    String from = tmp.resolve("src").toString();
    String to = tmp.resolve("dst").toString();
    return Stream.of(
        Arguments.of("no command", new String[] {}, "command is missing"),
        Arguments.of("unknown command", new String[] {"frobnicate"}, "frobnicate"),
        Arguments.of("missing --from", new String[] {"run", "--to", to}, "--from"),
        Arguments.of("misspelt command", new String[] {"strat"}, "did you mean start?"),
        Arguments.of(
            "a file as the source",
            new String[] {"run", "--from", tmp.resolve("a.pem").toString(), "--to", to},
            "is a file; ferry copies the tree under a directory"),
        Arguments.of(
            "a file as the destination",
            new String[] {"run", "--from", from, "--to", tmp.resolve("a.pem").toString()},
            "is a file, not a directory"),
        Arguments.of(
            "misspelt option, its real one missing",
            new String[] {"run", "--form", from, "--to", to},
            "ferry run: unknown option '--form'; did you mean --from?"),
        Arguments.of(
            "unknown option",
            new String[] {"run", "--from", from, "--to", to, "--bogus"},
            "ferry run: unknown option '--bogus'\n"),
        Arguments.of(
            "extra argument",
            new String[] {"run", "--from", from, "--to", to, "extra"},
            "unexpected argument 'extra'"),
        Arguments.of(
            "bad mode",
            new String[] {"run", "--from", from, "--to", to, "--mode", "sideways"},
            "'sideways' is not one of copy, move"),
        Arguments.of(
            "bad verify",
            new String[] {"run", "--from", from, "--to", to, "--verify", "md5"},
            "none, size, checksum"),
        Arguments.of(
            "bad if-exists",
            new String[] {"run", "--from", from, "--to", to, "--if-exists", "replace"},
            "skip-identical, overwrite, skip"),
        Arguments.of(
            "concurrency not a number",
            new String[] {"run", "--from", from, "--to", to, "--concurrency", "many"},
            "--concurrency"),
        Arguments.of(
            "concurrency zero",
            new String[] {"run", "--from", from, "--to", to, "--concurrency", "0"},
            "--concurrency 0 is outside 1..1024"),
        Arguments.of(
            "concurrency too high",
            new String[] {"start", "--from", from, "--to", to, "--concurrency", "5000"},
            "outside 1..1024"),
        Arguments.of(
            "negative retries",
            new String[] {"run", "--from", from, "--to", to, "--max-retries", "-1"},
            "--max-retries -1"),
        Arguments.of(
            "bad glob",
            new String[] {"run", "--from", from, "--to", to, "--include", "[a-"},
            "not a valid glob"),
        Arguments.of(
            "approve-delete of a copy",
            new String[] {"run", "--from", from, "--to", to, "--approve-delete"},
            "--approve-delete holds the deletes of a move or sync"),
        Arguments.of(
            "approve-delete of a start without move",
            new String[] {
              "start", "--from", from, "--to", to, "--approve-delete", "--mode", "copy"
            },
            "add --mode move"),
        Arguments.of(
            "max-delete of a copy",
            new String[] {"run", "--from", from, "--to", to, "--max-delete", "5"},
            "--max-delete limits the deletes of a sync"),
        Arguments.of(
            "malformed max-delete",
            new String[] {"run", "--from", from, "--to", to, "--mode", "sync", "--max-delete", "x"},
            "max-delete must be a number of objects"),
        Arguments.of(
            "max-delete over 100%",
            new String[] {
              "run", "--from", from, "--to", to, "--mode", "sync", "--max-delete", "150%"
            },
            "percentage of 0..100"),
        Arguments.of(
            "live move",
            new String[] {"start", "--from", from, "--to", to, "--mode", "move", "--live"},
            "--live runs catch-up passes of a copy or sync"),
        Arguments.of(
            "interval without live",
            new String[] {"start", "--from", from, "--to", to, "--interval", "5m"},
            "add --live"),
        Arguments.of(
            "bad interval",
            new String[] {"start", "--from", from, "--to", to, "--live", "--interval", "soon"},
            "--interval 'soon' is not a duration"),
        Arguments.of("cutover without id", new String[] {"cutover"}, "ID"),
        Arguments.of(
            "live schedule",
            new String[] {
              "schedule", "create", "nightly", "--every", "1h", "--from", from, "--to", to, "--live"
            },
            "a schedule would start it once"),
        Arguments.of(
            "set-max-delete malformed",
            new String[] {"set-max-delete", "x", "lots"},
            "max-delete must be a number of objects"),
        Arguments.of("approve without id", new String[] {"approve"}, "ID"),
        Arguments.of(
            "approve with empty approver",
            new String[] {"approve", "x", "--approver", " "},
            "--approver is empty"),
        Arguments.of(
            "bad id",
            new String[] {"run", "--from", from, "--to", to, "--id", "has space"},
            "not a valid workflow id"),
        Arguments.of(
            "temporal not host:port",
            new String[] {"status", "x", "--temporal", "localhost"},
            "is not HOST:PORT"),
        Arguments.of(
            "temporal and embedded",
            new String[] {"run", "--from", from, "--to", to, "--temporal", "h:1", "--embedded"},
            "exclude each other"),
        Arguments.of(
            "same locations", new String[] {"run", "--from", from, "--to", from}, "overlap"),
        Arguments.of(
            "destination inside source",
            new String[] {"run", "--from", from, "--to", from + "/sub"},
            "overlap"),
        Arguments.of(
            "report inside the source",
            new String[] {"run", "--from", from, "--to", to, "--report", from + "/reports"},
            "--report " + from + "/reports overlaps --from"),
        Arguments.of(
            "report under a file",
            new String[] {
              "run", "--from", from, "--to", to, "--report", tmp.resolve("secret.yaml") + "/r"
            },
            "is not a writable directory"),
        Arguments.of(
            "report and no-report",
            new String[] {"run", "--from", from, "--to", to, "--report", to, "--no-report"},
            "contradict"),
        Arguments.of(
            "report of an unknown embedded migration",
            new String[] {"report", "nope"},
            "no report of migration nope"),
        Arguments.of(
            "missing source",
            new String[] {"run", "--from", from + "-nope", "--to", to},
            "does not exist"),
        Arguments.of(
            "profile without config",
            new String[] {"run", "--from", "minio:bucket/in", "--to", to},
            "names profile 'minio' but no config was found"),
        Arguments.of(
            "invalid bucket name",
            new String[] {
              "run",
              "--from",
              from,
              "--to",
              "s3:t1/out",
              "--config",
              tmp.resolve("secret.yaml").toString()
            },
            "bucket name 't1' is not valid"),
        Arguments.of(
            "missing config file",
            new String[] {"run", "--from", from, "--to", to, "--config", from + "/nope.yaml"},
            "config file"),
        Arguments.of(
            "start embedded",
            new String[] {"start", "--from", from, "--to", to, "--embedded"},
            "start --embedded"),
        Arguments.of(
            "set-concurrency zero",
            new String[] {"set-concurrency", "ferry-1", "0"},
            "outside 1..1024"),
        Arguments.of(
            "set-concurrency not a number",
            new String[] {"set-concurrency", "ferry-1", "lots"},
            "lots"),
        Arguments.of(
            "missing TLS file",
            new String[] {"status", "x", "--config", tmp.resolve("tls-missing.yaml").toString()},
            "tlsCert file " + tmp.resolve("nope.pem") + " is missing"),
        Arguments.of(
            "half a TLS pair",
            new String[] {"status", "x", "--config", tmp.resolve("tls-half.yaml").toString()},
            "only one of tlsCert and tlsKey"),
        Arguments.of(
            "TLS files that are not PEM",
            new String[] {"list", "--config", tmp.resolve("tls-garbage.yaml").toString()},
            "cannot read the TLS files"),
        Arguments.of(
            "list bad state", new String[] {"list", "--state", "done"}, "not a migration state"),
        Arguments.of("worker bad role", new String[] {"worker", "--role", "boss"}, "--role 'boss'"),
        Arguments.of(
            "worker no slots",
            new String[] {"worker", "--max-activities", "0"},
            "--max-activities 0"),
        Arguments.of("status without id", new String[] {"status"}, "ID"),
        Arguments.of(
            "schedule without command", new String[] {"schedule"}, "create, list, describe"),
        Arguments.of(
            "schedule bad duration",
            new String[] {
              "schedule", "create", "n", "--every", "hourly", "--from", from, "--to", to
            },
            "--every 'hourly' is not a duration"),
        Arguments.of(
            "schedule zero interval",
            new String[] {"schedule", "create", "n", "--every", "0s", "--from", from, "--to", to},
            "--every 0s is not a positive duration"),
        Arguments.of(
            "schedule without --every",
            new String[] {"schedule", "create", "n", "--from", from, "--to", to},
            "--every"),
        Arguments.of(
            "schedule bad name",
            new String[] {"schedule", "create", "a b", "--every", "1h", "--from", from, "--to", to},
            "schedule name 'a b' is not valid"),
        Arguments.of(
            "schedule with --id",
            new String[] {
              "schedule", "create", "n", "--every", "1h", "--from", from, "--to", to, "--id", "x"
            },
            "--id does not apply to a schedule"),
        Arguments.of(
            "schedule overlapping locations",
            new String[] {"schedule", "create", "n", "--every", "1h", "--from", from, "--to", from},
            "overlap"),
        Arguments.of(
            "schedule unknown profile",
            new String[] {
              "schedule",
              "create",
              "n",
              "--every",
              "1h",
              "--from",
              "nope:b",
              "--to",
              to,
              "--config",
              tmp.resolve("ferry.yaml").toString()
            },
            "unknown profile 'nope'"),
        Arguments.of(
            "a URL as the source",
            new String[] {
              "run",
              "--from",
              "https://store.example/bucket/in?X-Amz-Signature=abc",
              "--to",
              to,
              "--config",
              tmp.resolve("ferry.yaml").toString()
            },
            "'https:' starts a URL, and ferry takes no URLs as locations: add a profile"),
        Arguments.of(
            "schedule bad option",
            new String[] {
              "schedule", "create", "n", "--every", "1h", "--from", from, "--to", to, "--mode", "x"
            },
            "'x' is not one of copy, move"),
        Arguments.of(
            "schedule embedded",
            new String[] {"schedule", "list", "--embedded"},
            "schedules need a Temporal server that outlives this command"),
        Arguments.of(
            "schedule create embedded",
            new String[] {
              "schedule", "create", "n", "--every", "1h", "--from", from, "--to", to, "--embedded"
            },
            "--embedded ends with it"),
        Arguments.of("schedule pause without name", new String[] {"schedule", "pause"}, "NAME"),
        Arguments.of(
            "a used profile's variable unset",
            new String[] {
              "start",
              "--config",
              tmp.resolve("unset.yaml").toString(),
              "--from",
              "vault:b",
              "--to",
              to
            },
            "--from vault:b: "
                + tmp.resolve("unset.yaml")
                + ": environment variable"
                + " FERRY_TEST_NEVER_SET is not set (used by backends.vault.secretKey)"),
        Arguments.of(
            "a file as a report location",
            new String[] {"report", "x", "--location", tmp.resolve("a.pem").toString()},
            "a file is in the way"),
        Arguments.of(
            "a report location that holds no report of the migration",
            new String[] {"report", "nosuch", "--location", from},
            "no report of migration nosuch under " + from),
        Arguments.of(
            "a report location that does not exist",
            new String[] {"failures", "nosuch", "--location", tmp.resolve("none").toString()},
            "no report of migration nosuch under " + tmp.resolve("none")),
        Arguments.of(
            "a destination that is not UTF-8",
            new String[] {"run", "--from", from, "--to", to + "/\uFFFD"},
            "holds bytes that are not UTF-8"),
        Arguments.of(
            "a source profile whose root does not exist",
            new String[] {
              "run",
              "--config",
              tmp.resolve("ferry.yaml").toString(),
              "--from",
              "archive:a",
              "--to",
              to
            },
            "--from archive:a: profile 'archive' has root "
                + tmp.resolve("archive")
                + ", which does not exist"),
        Arguments.of(
            "a concurrency too large for any count",
            new String[] {
              "run", "--from", from, "--to", to, "--concurrency", "99999999999999999999"
            },
            "'99999999999999999999' is too large"),
        Arguments.of(
            "a concurrency that is no number",
            new String[] {"run", "--from", from, "--to", to, "--concurrency", "eight"},
            "'eight' is not a whole number"),
        Arguments.of(
            "an empty --config",
            new String[] {"run", "--config", "", "--from", from, "--to", to},
            "--config is empty; name a file"),
        Arguments.of(
            "no wait between live passes",
            new String[] {"run", "--from", from, "--to", to, "--live", "--interval", "0s"},
            "--interval 0s is not a positive duration"),
        Arguments.of(
            "a used profile with a malformed option",
            new String[] {
              "start",
              "--config",
              tmp.resolve("typo.yaml").toString(),
              "--from",
              "typo:b",
              "--to",
              to
            },
            "--from typo:b: "
                + tmp.resolve("typo.yaml")
                + ": backends.typo.endpoint must be an http:// or https:// URL, got '127.0.0.1:9000'"),
        Arguments.of(
            "a worker with a malformed profile",
            new String[] {"worker", "--config", tmp.resolve("typo.yaml").toString()},
            "backends.typo.endpoint must be an http:// or https:// URL"),
        Arguments.of(
            "a worker with a profile's variable unset",
            new String[] {"worker", "--config", tmp.resolve("unset.yaml").toString()},
            "FERRY_TEST_NEVER_SET is not set"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistakeIsOneClearLineAndExitTwo(String name, String[] args, String expected) {
    CliRun run = CliRun.of(args);
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().contains(expected), () -> "stderr lacks '" + expected + "': " + run.err());
    assertTrue(run.errLines() >= 1 && run.errLines() <= 2, () -> "not 1-2 lines: " + run.err());
    assertFalse(run.err().contains("Exception"), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
    assertEquals("", run.out());
    assertFalse(Files.exists(dst), "destination was created");
    assertFalse(Files.exists(tmp.resolve("home")), "ferry home was created");
  }

  @Test
  void aTemporalTargetThatIsAnHttpServerIsNamedAsNotTemporal() throws IOException {
    com.sun.net.httpserver.HttpServer http =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    http.start();
    try {
      String target = "127.0.0.1:" + http.getAddress().getPort();
      CliRun run = CliRun.of("list", "--temporal", target);
      assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
      assertTrue(
          run.err().startsWith("ferry: something answers at " + target + ", but not as a Temporal"),
          run.err());
      assertTrue(run.err().contains("gRPC port"), run.err());
      assertEquals(2, run.errLines(), run.err());
    } finally {
      http.stop(0);
    }
  }

  @Test
  void unreachableTemporalIsBadInputNamingTheAddressAndTheFix() {
    CliRun run = CliRun.of("status", "ferry-1", "--temporal", "127.0.0.1:1");
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().startsWith("ferry: cannot reach Temporal at 127.0.0.1:1"), run.err());
    assertTrue(run.err().contains("--embedded"), run.err());
    assertEquals(2, run.errLines(), run.err());
  }

  @Test
  void aWorkerThatCannotReachTemporalIsNotToldToUseEmbedded() {
    // Before: "or use --embedded", which worker then refused as "not a thing".
    CliRun run = CliRun.of("worker", "--temporal", "127.0.0.1:1");
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().startsWith("ferry: cannot reach Temporal at 127.0.0.1:1"), run.err());
    assertTrue(run.err().contains("pass --temporal HOST:PORT"), run.err());
    assertFalse(run.err().contains("--embedded"), run.err());
  }

  @Test
  void aFerryHomeThatIsAFileIsNamedAsSuch() throws IOException {
    Path file = Files.writeString(tmp.resolve("home-file"), "x");
    System.setProperty(FerryHome.HOME_PROPERTY, file.toString());
    Path keys = Files.writeString(tmp.resolve("keys.txt"), "a.txt\n");
    for (CliRun run :
        List.of(
            CliRun.of("run", "--from", src.toString(), "--to", dst.toString()),
            CliRun.of(
                "start",
                "--from",
                src.toString(),
                "--to",
                dst.toString(),
                "--files-from",
                keys.toString(),
                "--temporal",
                "127.0.0.1:1"))) {
      assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
      assertTrue(
          run.err()
              .startsWith(
                  "ferry: ferry's state directory "
                      + file
                      + " (FERRY_HOME) cannot be used: it is a file, not a directory\n"),
          run.err());
      assertEquals(2, run.errLines(), run.err());
    }
    assertFalse(Files.exists(dst), "destination was created");
  }

  @ParameterizedTest
  @ValueSource(strings = {"unset.yaml", "typo.yaml"})
  void aClientIsNotStoppedByAProfileItDoesNotUse(String config) {
    // It gets as far as Temporal (here unreachable) instead of refusing the config.
    CliRun run = CliRun.of("list", "--config", tmp.resolve(config).toString());
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().startsWith("ferry: cannot reach Temporal at 127.0.0.1:1"), run.err());
  }

  @Test
  void credentialsNeverAppearInErrors() {
    CliRun run = CliRun.of("status", "ferry-1", "--config", tmp.resolve("secret.yaml").toString());
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().contains("127.0.0.1:1"), run.err());
    for (String secret : new String[] {"s3cr3t-key", "AKIA", "sEcReT"}) {
      assertFalse(run.err().contains(secret), run.err());
    }
  }

  @Test
  void debugShowsTheStackTrace() {
    CliRun run = CliRun.of("run", "--from", src + "-nope", "--to", dst.toString(), "--debug");
    assertEquals(ExitCode.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("\tat "), run.err());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "worker",
        "run",
        "start",
        "status",
        "watch",
        "list",
        "pause",
        "resume",
        "cancel",
        "failures",
        "set-concurrency",
        "backends",
        "uploads",
        "schedule",
        "schedule create",
        "schedule list",
        "schedule describe",
        "schedule pause",
        "schedule unpause",
        "schedule trigger",
        "schedule delete"
      })
  void everyCommandHasHelp(String command) {
    String[] args = (command + " --help").split(" ");
    CliRun run = CliRun.of(args);
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("Usage: ferry " + command), run.out());
  }

  @Test
  void helpListsEveryCommand() {
    CliRun run = CliRun.of("--help");
    assertEquals(0, run.exit());
    for (String command :
        new String[] {
          "worker",
          "run",
          "start",
          "status",
          "watch",
          "list",
          "pause",
          "resume",
          "cancel",
          "failures",
          "set-concurrency",
          "backends",
          "uploads",
          "schedule"
        }) {
      assertTrue(run.out().contains("  " + command + " "), command);
    }
  }
}
