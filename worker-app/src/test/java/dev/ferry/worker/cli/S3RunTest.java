package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.testing.S3ProxyServer;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry run} between a directory and a real S3 server (S3Proxy in its own process), through
 * a {@code ferry.yaml} profile, on the in-memory embedded Temporal.
 */
class S3RunTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir Path tmp;
  private Path src;
  private Path config;
  private String bucket;

  @BeforeEach
  void setUp() throws IOException {
    System.setProperty(FerryHome.TEMPORAL_CLI_PROPERTY, "none");
    System.setProperty(FerryHome.HOME_PROPERTY, tmp.resolve("home").toString());
    bucket = "b" + Long.toHexString(System.nanoTime());
    S3.createBucket(bucket);
    src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(src.resolve("obj-" + i + ".txt"), ("line " + i + "\n").repeat(i * 50));
    }
    config = profileConfig("good.yaml", S3.secretKey());
  }

  @AfterEach
  void tearDown() {
    System.clearProperty(FerryHome.TEMPORAL_CLI_PROPERTY);
    System.clearProperty(FerryHome.HOME_PROPERTY);
  }

  private Path profileConfig(String name, String secret) throws IOException {
    return profileConfig(name, secret, "");
  }

  /** A config whose profile {@code s3} has {@code extra} settings (", key: value"). */
  private Path profileConfig(String name, String secret, String extra) throws IOException {
    return Files.writeString(
        tmp.resolve(name),
        "backends:\n  s3: { type: s3, endpoint: "
            + S3.endpoint()
            + ", region: "
            + S3ProxyServer.REGION
            + ", accessKey: "
            + S3.accessKey()
            + ", secretKey: "
            + secret
            + extra
            + " }\n");
  }

  @Test
  void copiesIntoABucketAndBackOut() throws IOException {
    CliRun up =
        CliRun.of(
            "run",
            "--from",
            src.toString(),
            "--to",
            "s3:" + bucket + "/in",
            "--config",
            config.toString());
    assertEquals(ExitCode.OK, up.exit(), up.err());
    assertTrue(up.out().startsWith("completed: 20 copied, 0 skipped, 0 failed"), up.out());

    Path back = tmp.resolve("back");
    CliRun down =
        CliRun.of(
            "run",
            "--from",
            "s3:" + bucket + "/in",
            "--to",
            back.toString(),
            "--config",
            config.toString());
    assertEquals(ExitCode.OK, down.exit(), down.err());
    assertTrue(down.out().startsWith("completed: 20 copied, 0 skipped, 0 failed"), down.out());
    for (int i = 0; i < 20; i++) {
      String name = "obj-" + i + ".txt";
      assertArrayEquals(
          Files.readAllBytes(src.resolve(name)), Files.readAllBytes(back.resolve(name)));
    }
  }

  @Test
  void aTreeListedDirectoryByDirectoryComesBackWhole() throws IOException {
    // Names that sort around '/': a-b before a/, a/ before a0.
    for (String name : List.of("a-b", "a/x", "a/y/z", "a/y-1", "a0", "c/d/e/f")) {
      Path file = src.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, name);
    }
    Path walk = profileConfig("walk.yaml", S3.secretKey(), ", listing: directories");
    String remote = "s3:" + bucket + "/tree";
    CliRun up = CliRun.of("run", "--from", src.toString(), "--to", remote, "--config", "" + walk);
    assertEquals(ExitCode.OK, up.exit(), up.err());
    assertTrue(up.out().startsWith("completed: 26 copied"), up.out());

    Path back = tmp.resolve("back");
    CliRun down =
        CliRun.of("run", "--from", remote, "--to", back.toString(), "--config", "" + walk);
    assertEquals(ExitCode.OK, down.exit(), down.err());
    assertTrue(down.out().startsWith("completed: 26 copied"), down.out());
    assertEquals(files(src), files(back));
    for (String name : files(src)) {
      assertArrayEquals(
          Files.readAllBytes(src.resolve(name)), Files.readAllBytes(back.resolve(name)));
    }
    CliRun again =
        CliRun.of("run", "--from", src.toString(), "--to", remote, "--config", "" + walk);
    assertTrue(again.out().startsWith("completed: 0 copied, 26 skipped"), again.out());
  }

  /** The relative names of the files under {@code dir}, sorted. */
  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void wrongCredentialsAreRefusedWithoutShowingThem() throws IOException {
    Path wrong = profileConfig("wrong.yaml", "not-the-secret-ZZZ");
    Path dst = tmp.resolve("dst");
    CliRun run =
        CliRun.of(
            "run",
            "--from",
            "s3:" + bucket + "/in",
            "--to",
            dst.toString(),
            "--config",
            wrong.toString());
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().contains("preflight refused: source s3:" + bucket + "/in"), run.err());
    assertFalse(run.err().contains("not-the-secret-ZZZ"), run.err());
    assertFalse(run.err().contains(S3.accessKey()), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
    assertFalse(Files.exists(dst));
  }

  @Test
  void anEndpointThatDoesNotResolveIsNamedWhilePreflightRetriesThenRefused() throws IOException {
    Path config =
        Files.writeString(
            tmp.resolve("nohost.yaml"),
            "backends:\n  s3: { type: s3, endpoint: http://nosuchhost.invalid:9000, region: "
                + S3ProxyServer.REGION
                + ", accessKey: a, secretKey: b }\n");
    Path dst = tmp.resolve("dst");
    CliRun run =
        CliRun.of(
            "run",
            "--from",
            "s3:some-bucket/in",
            "--to",
            dst.toString(),
            "--config",
            config.toString(),
            "--max-retries",
            "3");
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    String why = "list: no host is named 'nosuchhost.invalid'; check the endpoint";
    // Before its refusal, the bar at 0 % is not all the user sees: the retried failure is named.
    // Named once, at whichever attempt the watcher's once-a-second look finds retrying.
    assertTrue(
        run.err().matches("(?s).*: retrying Preflight, attempt [2-4], after: .*"), run.err());
    assertTrue(run.err().contains("preflight refused: "), run.err());
    assertEquals(2, run.err().split(java.util.regex.Pattern.quote(why), -1).length - 1, run.err());
    assertFalse(Files.exists(dst));
  }

  @Test
  void aMissingBucketIsRefused() {
    Path dst = tmp.resolve("dst");
    CliRun run =
        CliRun.of(
            "run",
            "--from",
            "s3:no-such-bucket-x/in",
            "--to",
            dst.toString(),
            "--config",
            config.toString());
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().contains("no-such-bucket-x"), run.err());
    assertFalse(Files.exists(dst));
  }
}
