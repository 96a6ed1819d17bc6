package dev.ferry.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.testing.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
