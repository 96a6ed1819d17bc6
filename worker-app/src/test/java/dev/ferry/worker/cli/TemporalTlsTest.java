package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.worker.client.ConnectionOptions;
import dev.ferry.worker.client.Settings;
import dev.ferry.worker.client.TemporalConnector;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.common.TemporalConnection;
import dev.ferry.worker.host.Role;
import dev.ferry.worker.host.WorkerHost;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TemporalDevServer;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Ferry's client and worker over TLS to a real Temporal dev server, behind a TLS front that asks
 * for client certificates (mutual TLS, as hosted Temporal does), and the mistakes users make with
 * the certificates named as such.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemporalTlsTest {
  private static final String QUEUE = "ferry-tls";
  private static final String LOOPBACK = "ip:127.0.0.1,dns:localhost";
  @TempDir static Path dir;
  private TemporalDevServer server;
  private TlsTerminator front; // mutual TLS, the server's certificate for loopback
  private TlsTerminator elsewhere; // mutual TLS, a certificate for another name
  private TlsTerminator serverOnly; // server TLS only, as with an API key
  private TemporalConnection workerConnection;
  private WorkerHost worker;
  private TestPki pki;

  @BeforeAll
  void startServerFrontAndWorker() throws IOException {
    server = TestTemporal.devServer();
    int port = TestTemporal.port(server);
    pki = TestPki.authority(dir, "ca");
    pki.issue("ca", "server", "serverAuth", LOOPBACK);
    pki.issue("ca", "client", "clientAuth", LOOPBACK);
    pki.issue("ca", "elsewhere", "serverAuth", "dns:temporal.elsewhere.test");
    TestPki.authority(dir, "other-ca");
    front = TlsTerminator.start(pki.p12("server"), pki.pem("ca"), port);
    elsewhere = TlsTerminator.start(pki.p12("elsewhere"), pki.pem("ca"), port);
    serverOnly = TlsTerminator.start(pki.p12("server"), null, port);
    Path config =
        config(
            "mtls.yaml",
            "tlsCa: " + pki.pem("ca"),
            "tlsCert: " + pki.pem("client"),
            "tlsKey: " + pki.key("client"));
    // The worker dials through ferry's own connector, as `ferry worker` does.
    workerConnection = TemporalConnector.connectWorker(settings(config), null);
    WorkflowClient client =
        WorkflowClient.newInstance(
            workerConnection.stubs(),
            WorkflowClientOptions.newBuilder().setNamespace("default").build());
    worker =
        WorkerHost.start(
            WorkerFactory.newInstance(client), QUEUE, Role.ALL, 4, TestTemporal.resolver());
  }

  @AfterAll
  void stop() throws IOException {
    if (worker != null) {
      worker.stop(Duration.ofSeconds(5));
    }
    if (workerConnection != null) {
      workerConnection.close();
    }
    if (front != null) {
      front.close();
    }
    if (elsewhere != null) {
      elsewhere.close();
    }
    if (serverOnly != null) {
      serverOnly.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A config naming the TLS front as Temporal, with {@code tls} lines in its temporal section. */
  private Path config(String name, String... tls) throws IOException {
    return config(name, front, tls);
  }

  private Path config(String name, TlsTerminator at, String... tls) throws IOException {
    StringBuilder yaml = new StringBuilder("temporal:\n");
    yaml.append("  target: 127.0.0.1:").append(at.port()).append("\n  taskQueue: " + QUEUE + "\n");
    for (String line : tls) {
      yaml.append("  ").append(line).append('\n');
    }
    return Files.writeString(dir.resolve(name), yaml.toString());
  }

  private Path mutual(String name, TlsTerminator at, String ca) throws IOException {
    return config(
        name,
        at,
        "tlsCa: " + pki.pem(ca),
        "tlsCert: " + pki.pem("client"),
        "tlsKey: " + pki.key("client"));
  }

  /** {@code ferry list} with {@code config}: exit 2 and one clear line, whose first is returned. */
  private static String refusal(Path config) {
    CliRun list = CliRun.of("list", "--config", config.toString());
    assertEquals(ExitCode.BAD_INPUT, list.exit(), list.err());
    assertTrue(list.errLines() <= 2, list.err());
    assertFalse(list.err().contains("Exception"), list.err());
    return list.err().lines().findFirst().orElse("");
  }

  @Test
  void aMigrationRunsOverMutualTls() throws IOException {
    Path config = mutual("client.yaml", front, "ca");
    Path from = Files.createDirectories(dir.resolve("from"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(from.resolve("f" + i + ".txt"), "bytes of file " + i);
    }
    Path to = dir.resolve("to");
    CliRun run =
        CliRun.of(
            "run",
            "--config",
            config.toString(),
            "--from",
            from.toString(),
            "--to",
            to.toString(),
            "--id",
            "over-tls");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(run.out().contains("completed: 5 copied"), run.out());
    for (int i = 0; i < 5; i++) {
      assertEquals("bytes of file " + i, Files.readString(to.resolve("f" + i + ".txt")));
    }
    CliRun list = CliRun.of("list", "--config", config.toString());
    assertEquals(ExitCode.OK, list.exit(), list.err());
    assertTrue(list.out().contains("over-tls "), list.out());
  }

  @Test
  void aServerCertificateFromAnotherAuthorityNamesTlsCa() throws IOException {
    assertEquals(
        "ferry: Temporal at 127.0.0.1:"
            + front.port()
            + " presented a certificate signed by no authority in tlsCa "
            + pki.pem("other-ca"),
        refusal(mutual("other.yaml", front, "other-ca")));
  }

  @Test
  void withoutTlsCaAPrivateAuthorityIsNotTrusted() throws IOException {
    Path config =
        config("no-ca.yaml", "tlsCert: " + pki.pem("client"), "tlsKey: " + pki.key("client"));
    assertTrue(
        refusal(config).endsWith("signed by no authority the system trusts (no tlsCa is set)"));
  }

  @Test
  void aServerThatAsksForAClientCertificateSaysSo() throws IOException {
    assertTrue(
        refusal(config("no-cert.yaml", "tlsCa: " + pki.pem("ca")))
            .endsWith("asks for a client certificate (mutual TLS), and none is configured"));
  }

  @Test
  void aCertificateForAnotherNameIsNamed() throws IOException {
    String line = refusal(mutual("elsewhere.yaml", elsewhere, "ca"));
    assertTrue(line.contains(" presented a certificate for other names ("), line);
  }

  @Test
  void anApiKeyGoesOverServerTlsAndIsNeverPrinted() throws IOException {
    Path config =
        config("api-key.yaml", serverOnly, "tlsCa: " + pki.pem("ca"), "apiKey: k3y-of-the-test");
    CliRun list = CliRun.of("list", "--config", config.toString());
    assertEquals(ExitCode.OK, list.exit(), list.err());
    assertTrue(list.out().startsWith("ID "), list.out());
    CliRun status = CliRun.of("status", "no-such-migration", "--config", config.toString());
    assertEquals(ExitCode.BAD_INPUT, status.exit(), status.err());
    assertFalse((list.out() + list.err() + status.err()).contains("k3y-of-the-test"));
  }

  @Test
  void aWorkerSaysHowItsConnectionIsSecured() throws IOException {
    assertEquals("mutual TLS", settings(mutual("w1.yaml", front, "ca")).security());
    assertEquals(
        "TLS with an API key",
        settings(config("w2.yaml", serverOnly, "tlsCa: " + pki.pem("ca"), "apiKey: k")).security());
    assertEquals("plaintext", settings(config("w3.yaml")).security());
  }

  private static Settings settings(Path config) {
    ConnectionOptions options = new ConnectionOptions();
    new CommandLine(options).parseArgs("--config", config.toString());
    return Settings.resolve(options);
  }
}
