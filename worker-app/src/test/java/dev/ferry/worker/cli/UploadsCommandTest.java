package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.activities.testing.MultipartProbe;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.worker.common.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ferry uploads} against a real S3 server (versitygw) and a directory: what killed writers
 * left is listed and aborted, and is checked gone independently of ferry; every mistake is one
 * line, exit 2, with nothing aborted.
 */
class UploadsCommandTest {
  @RegisterExtension static final VersitygwServer S3 = new VersitygwServer();

  @TempDir static Path tmp;
  private static MultipartProbe probe;
  private static Path config;
  private Path dir;

  @BeforeAll
  static void clients() throws IOException {
    probe = new MultipartProbe(S3);
    config =
        Files.writeString(
            tmp.resolve("ferry.yaml"),
            "backends:\n"
                + "  s3: { type: s3, endpoint: "
                + S3.endpoint()
                + ", region: "
                + S3TestServer.REGION
                + ", accessKey: "
                + S3.accessKey()
                + ", secretKey: "
                + S3.secretKey()
                + " }\n"
                + "  az: { type: azure, account: acct, key: a2V5LW5ldmVyLXNob3du }\n"
                + "  gs: { type: gcs, endpoint: http://127.0.0.1:1 }\n"
                + "  gen: { type: synthetic, count: 3, size: 10 }\n"
                + "  sink: { type: discard }\n");
  }

  @AfterAll
  static void close() throws Exception {
    probe.close();
  }

  @BeforeEach
  void directory() throws IOException {
    dir = Files.createDirectories(tmp.resolve("dir-" + System.nanoTime()));
  }

  private static Path leftover(Path path, Instant mtime) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "partial bytes");
    Files.setLastModifiedTime(path, FileTime.from(mtime));
    return path;
  }

  private static CliRun uploads(String... args) {
    String[] all =
        Stream.concat(Stream.of("uploads", "--config", config.toString()), Stream.of(args))
            .toArray(String[]::new);
    return CliRun.of(all);
  }

  @Test
  void aDirectorysLeftoverTemporaryFilesAreListedAndTheOldOnesRemoved() throws IOException {
    Path old = leftover(dir.resolve("a/.ferry-tmp-old"), Instant.now().minus(Duration.ofDays(2)));
    Path fresh = leftover(dir.resolve(".ferry-tmp-fresh"), Instant.now());
    Files.writeString(dir.resolve("a/object.txt"), "kept");

    CliRun listed = uploads(dir.toString());
    assertEquals(ExitCode.OK, listed.exit(), listed.err());
    assertTrue(listed.out().startsWith("KEY"), listed.out());
    assertTrue(listed.out().contains("a/.ferry-tmp-old"), listed.out());
    assertTrue(listed.out().contains("13 B"), listed.out());
    assertTrue(listed.out().endsWith("2 incomplete uploads under " + dir + "\n"), listed.out());

    CliRun aborted = uploads(dir.toString(), "--older-than", "24h", "--abort");
    assertEquals(ExitCode.OK, aborted.exit(), aborted.err());
    assertTrue(
        aborted
            .out()
            .endsWith("aborted 1 of 1 incomplete upload older than 24h under " + dir + "\n"),
        aborted.out());
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(fresh), "an upload younger than --older-than stays");
    assertTrue(Files.exists(dir.resolve("a/object.txt")));
  }

  @Test
  void anS3UploadJustMadeIsNotOlderThanAnHourAndIsAbortedWithoutIt() throws Exception {
    String bucket = "cli-" + Long.toHexString(System.nanoTime());
    S3.createBucket(bucket);
    String id = probe.start(bucket, "in/big.bin");
    probe.start(bucket, "elsewhere/big.bin");

    CliRun young = uploads("s3:" + bucket + "/in", "--older-than", "1h", "--abort");
    assertEquals(ExitCode.OK, young.exit(), young.err());
    assertEquals(
        "aborted 0 of 0 incomplete uploads older than 1h under s3:" + bucket + "/in\n",
        young.out());
    assertEquals(2, probe.remaining(bucket).size());

    CliRun json = uploads("s3:" + bucket + "/in", "--json");
    assertEquals(ExitCode.OK, json.exit(), json.err());
    JsonNode report = new ObjectMapper().readTree(json.out());
    assertEquals(1, report.get("listed").asInt());
    JsonNode upload = report.get("uploads").get(0);
    assertEquals("big.bin", upload.get("key").asText());
    assertEquals(id, upload.get("uploadId").asText());
    assertTrue(upload.get("ageSeconds").asLong() < 600, json.out());
    assertTrue(upload.get("bytes").isNull(), json.out());

    CliRun all = uploads("s3:" + bucket + "/in", "--abort");
    assertEquals(ExitCode.OK, all.exit(), all.err());
    assertTrue(all.out().contains("big.bin"), all.out());
    assertTrue(all.out().endsWith("aborted 1 of 1 incomplete upload under s3:" + bucket + "/in\n"));
    assertEquals(List.of("elsewhere/big.bin"), probe.remaining(bucket));
  }

  @Test
  void aStoreThatRefusesIsItsReasonTheFixAndExitTwo() {
    CliRun run = uploads("s3:no-such-bucket-x/in");
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertEquals(2, run.errLines(), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
    assertTrue(run.err().contains("no-such-bucket-x"), run.err());
    assertFalse(run.err().contains(S3.secretKey()), run.err());
    assertEquals("", run.out());
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("unknown profile", new String[] {"nope:bucket/in"}, "unknown profile 'nope'"),
        Arguments.of("no bucket", new String[] {"s3:"}, "names no bucket"),
        Arguments.of("empty location", new String[] {""}, "empty location"),
        Arguments.of("no location", new String[] {}, "LOC"),
        Arguments.of("bad duration", new String[] {"DIR", "--older-than", "5x"}, "'5x'"),
        Arguments.of("duration without unit", new String[] {"DIR", "--older-than", "24"}, "'24'"),
        Arguments.of("missing directory", new String[] {"DIR/nope", "--abort"}, "does not exist"),
        Arguments.of(
            "a file, not a directory",
            new String[] {"DIR/.ferry-tmp-keep", "--abort"},
            "is a file, not a directory"),
        Arguments.of(
            "azure",
            new String[] {"az:container/in", "--abort"},
            "type azure keeps no incomplete uploads ferry can list; Azure discards uncommitted"
                + " blocks after 7 days"),
        Arguments.of(
            "gcs",
            new String[] {"gs:bucket/in", "--abort"},
            "type gcs keeps no incomplete uploads ferry can list; GCS drops"),
        Arguments.of("synthetic", new String[] {"gen:"}, "type synthetic keeps no"),
        Arguments.of("discard", new String[] {"sink:", "--abort"}, "type discard keeps no"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistakeIsOneLineAndExitTwoAndAbortsNothing(String name, String[] args, String expected)
      throws IOException {
    Path keep = leftover(dir.resolve(".ferry-tmp-keep"), Instant.EPOCH);
    String[] withDir =
        Stream.of(args).map(a -> a.replace("DIR", dir.toString())).toArray(String[]::new);
    CliRun run = uploads(withDir);
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().contains(expected), () -> "stderr lacks '" + expected + "': " + run.err());
    assertTrue(run.errLines() >= 1 && run.errLines() <= 2, run.err());
    assertFalse(run.err().contains("Exception"), run.err());
    assertFalse(run.err().contains("a2V5LW5ldmVyLXNob3du"), run.err());
    assertEquals("", run.out());
    assertTrue(Files.exists(keep), "nothing is aborted on bad input");
  }
}
