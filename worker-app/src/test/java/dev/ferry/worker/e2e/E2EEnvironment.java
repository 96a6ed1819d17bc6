package dev.ferry.worker.e2e;

import dev.ferry.activities.testing.S3ProxyServer;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.VersitygwServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real parts every scenario shares, started once per test JVM: the Temporal dev server on a
 * SQLite file, two S3Proxy servers (source and destination, the shared test harness; two versitygw
 * servers too, for the scenarios that ask for them), an SDK client for observation, and the
 * directories under {@code target/e2e} that keep histories, logs and screenshots after the run.
 *
 * <p>Secrets reach ferry only through environment variables that {@code ferry.yaml} interpolates,
 * as an operator would configure them, so the secrets scenario can look for their values anywhere.
 */
final class E2EEnvironment implements AutoCloseable {
  static final String NAMESPACE = "default";

  private final Path root;
  private final TemporalDevServerProcess temporal;
  private final S3ProxyServer source = new S3ProxyServer("1g");
  private final S3ProxyServer destination = new S3ProxyServer("1g");
  private final List<S3TestServer> servers = new ArrayList<>(List.of(source, destination));
  private S3TestServer versitygwSource;
  private S3TestServer versitygwDestination;
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final List<AutoCloseable> owned = new ArrayList<>();

  private E2EEnvironment(Path root) {
    this.root = root;
    this.temporal =
        TemporalDevServerProcess.start(root.resolve("temporal.db"), logs().resolve("temporal.log"));
    source.start();
    destination.start();
    this.service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
    this.client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
  }

  /** Starts everything in a fresh {@code target/e2e} (or {@code -Dferry.e2e.dir}). */
  static E2EEnvironment start() {
    Path root = Path.of(System.getProperty("ferry.e2e.dir", "target/e2e")).toAbsolutePath();
    deleteTree(root);
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new E2EEnvironment(root);
  }

  Path root() {
    return root;
  }

  Path logs() {
    return root.resolve("logs");
  }

  /** Where exported histories go; the replay and secrets scenarios read them. */
  Path histories() {
    return root.resolve("histories");
  }

  TemporalDevServerProcess temporal() {
    return temporal;
  }

  /**
   * Restarts the shared Temporal server if it went down after an earlier scenario (a scenario that
   * kills it restarts it itself), and says so in the report and the test's output.
   */
  void ensureTemporalUp(String scenario) {
    temporal
        .restartIfDown()
        .ifPresent(
            found -> {
              String line = "before " + scenario + ", the Temporal dev server was down: " + found;
              E2EReport.line("%s", line);
              System.err.println(line);
            });
  }

  WorkflowClient client() {
    return client;
  }

  /** The values that must never show up in a history, log or output. */
  synchronized List<String> secrets() {
    return servers.stream().map(S3TestServer::secretKey).distinct().toList();
  }

  /**
   * A scenario's own buckets (on the two S3Proxy servers), task queue and config file under {@code
   * target/e2e/NAME}.
   */
  Scenario scenario(String name) {
    return own(Scenario.create(this, name, source, destination));
  }

  /** As {@link #scenario}, between two versitygw servers (posix backend), started on first use. */
  synchronized Scenario scenarioOnVersitygw(String name) {
    if (versitygwSource == null) {
      versitygwSource = started(new VersitygwServer());
      versitygwDestination = started(new VersitygwServer());
    }
    return own(Scenario.create(this, name, versitygwSource, versitygwDestination));
  }

  private S3TestServer started(S3TestServer server) {
    servers.add(server);
    server.start();
    return server;
  }

  private synchronized Scenario own(Scenario scenario) {
    owned.add(scenario);
    return scenario;
  }

  @Override
  public void close() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        // Keep closing the rest; a process that will not stop is killed by the shutdown hook.
      }
    }
    service.shutdownNow();
    temporal.close();
    servers.forEach(S3TestServer::close);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
