package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.ferry.activities.testing.AzuriteServer;
import dev.ferry.activities.testing.FakeGcsServer;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.embedded.FerryHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mistakes with the Azure and GCS backends, as a user makes them on {@code ferry run} against real
 * emulators: one clear line, exit 2, no secret in it, nothing written.
 */
class CloudBadInputTest {
  @RegisterExtension static final AzuriteServer AZURITE = new AzuriteServer();
  @RegisterExtension static final FakeGcsServer GCS = new FakeGcsServer();

  private static final String WRONG_KEY = "d3Jvbmcta2V5LW5ldmVyLXNob3du";

  @TempDir static Path tmp;
  private static Path src;

  @BeforeAll
  static void buckets() throws IOException {
    AZURITE.createContainer("real");
    GCS.createBucket("real");
    src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "a");
    Files.writeString(tmp.resolve("bad-key.json"), "{ \"type\": \"service_account\", \"private");
  }

  @BeforeEach
  void embedded() {
    System.setProperty(FerryHome.HOME_PROPERTY, tmp.resolve("home").toString());
    System.setProperty(FerryHome.TEMPORAL_CLI_PROPERTY, "none");
  }

  @AfterEach
  void tearDown() {
    System.clearProperty(FerryHome.HOME_PROPERTY);
    System.clearProperty(FerryHome.TEMPORAL_CLI_PROPERTY);
  }

  static Stream<Arguments> mistakes() {
    String azure = "{ type: azure, account: devstoreaccount1, endpoint: " + AZURITE.endpoint();
    return Stream.of(
        Arguments.of("azure profile without a key", "p: " + azure + " }", "p:real", "profile 'p'"),
        Arguments.of(
            "azure key that is wrong",
            "p: " + azure + ", key: " + WRONG_KEY + " }",
            "p:real",
            "p:real"),
        Arguments.of(
            "azure key that is not base64",
            "p: " + azure + ", key: not-base64-at-all }",
            "p:real",
            "key is not base64"),
        Arguments.of(
            "azure container that does not exist",
            "p: " + azure + ", key: " + AzuriteServer.KEY + " }",
            "p:nosuch",
            "nosuch"),
        Arguments.of(
            "malformed service-account file",
            "p: { type: gcs, credentials: ./bad-key.json, endpoint: " + GCS.endpoint() + " }",
            "p:real",
            "bad-key.json"),
        Arguments.of(
            "gcs bucket that does not exist",
            "p: { type: gcs, endpoint: " + GCS.endpoint() + " }",
            "p:nosuch-bucket",
            "nosuch-bucket"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachIsOneClearLineExitTwoAndNothingWritten(
      String name, String profile, String to, String named) throws IOException {
    Path config = Files.writeString(tmp.resolve("ferry.yaml"), "backends:\n  " + profile + "\n");
    CliRun run =
        CliRun.of("run", "--from", src.toString(), "--to", to, "--config", config.toString());
    assertEquals(ExitCode.BAD_INPUT, run.exit(), run.out() + run.err());
    assertTrue(run.err().contains(named), () -> "stderr lacks '" + named + "': " + run.err());
    // An embedded run first says which Temporal it started and the migration's id; then the error.
    long errorLines =
        run.err()
            .lines()
            .filter(l -> !l.isBlank())
            .filter(
                l ->
                    !l.startsWith("ferry: no temporal binary")
                        && !l.startsWith("ferry: migration "))
            .count();
    assertTrue(errorLines >= 1 && errorLines <= 2, () -> "not 1-2 lines: " + run.err());
    assertFalse(run.err().contains("\tat "), run.err());
    for (String secret : new String[] {WRONG_KEY, AzuriteServer.KEY, "service_account"}) {
      assertFalse(run.err().contains(secret), run.err());
    }
    assertEquals(0, blobs(), "blobs written to container real");
  }

  private static long blobs() {
    return new BlobServiceClientBuilder()
            .endpoint(AZURITE.endpoint())
            .credential(new StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY))
            .buildClient()
            .getBlobContainerClient("real")
            .listBlobs()
            .stream()
            .count();
  }
}
