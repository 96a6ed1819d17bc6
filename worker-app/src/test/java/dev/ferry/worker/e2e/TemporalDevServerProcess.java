package dev.ferry.worker.e2e;

import dev.ferry.workflows.FerryNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real Temporal server ({@code temporal server start-dev}) on a SQLite file, with its Web UI,
 * as a child process that can be killed with SIGKILL and started again on the same file and ports.
 *
 * <p>After each start it waits until the frontend reports SERVING and registers ferry's search
 * attributes with {@code temporal operator search-attribute create}, because {@code
 * --search-attribute} is ignored for a SQLite file whose namespace already exists.
 */
final class TemporalDevServerProcess implements AutoCloseable {
  private static final Map<String, String> SEARCH_ATTRIBUTES =
      Map.of(
          FerryNames.SEARCH_ATTRIBUTE_STATE, "Keyword",
          FerryNames.SEARCH_ATTRIBUTE_PERCENT, "Double");

  private final Path executable;
  private final Path dbFile;
  private final Path log;
  private final int port = Ports.freeForRestarts();
  private final int uiPort = Ports.freeForRestarts();
  private final int httpPort = Ports.freeForRestarts();
  private final int metricsPort = Ports.freeForRestarts();
  private final TemporalCli cli;
  private OsProcess process;
  private int starts;

  private TemporalDevServerProcess(Path executable, Path dbFile, Path log) {
    this.executable = executable;
    this.dbFile = dbFile;
    this.log = log;
    this.cli = new TemporalCli(executable, address());
  }

  /** Starts a server on {@code dbFile} (created when absent), logging to {@code log}. */
  static TemporalDevServerProcess start(Path dbFile, Path log) {
    TemporalDevServerProcess server =
        new TemporalDevServerProcess(Executables.find("temporal", "ferry.temporal"), dbFile, log);
    server.startProcess();
    return server;
  }

  /** {@code 127.0.0.1:PORT} of the gRPC frontend. */
  String address() {
    return "127.0.0.1:" + port;
  }

  int uiPort() {
    return uiPort;
  }

  TemporalCli cli() {
    return cli;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: the server dies mid-write, as on a power cut. */
  void kill9() {
    process.kill9();
  }

  /** Starts the server again on the same SQLite file and ports. */
  void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException("server still running: " + process);
    }
    startProcess();
  }

  /**
   * Starts the server again when it has exited, or stopped accepting connections, since its last
   * start, so that one server's death does not fail every later scenario with "cannot reach
   * Temporal". Returns what was found, with the log's tail, or empty when the server was up.
   */
  Optional<String> restartIfDown() {
    String found;
    if (!process.isAlive()) {
      found = process + " had exited with " + process.exitValue();
    } else if (!Ports.accepts(port)) {
      found = process + " no longer accepted connections on port " + port;
      process.kill9();
    } else {
      return Optional.empty();
    }
    found += "; its log's tail:\n" + OsProcess.tail(log, 40);
    startProcess();
    return Optional.of(found);
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }

  private void startProcess() {
    starts++;
    process =
        OsProcess.start(
            "temporal dev server #" + starts,
            List.of(
                executable.toString(),
                "server",
                "start-dev",
                "--db-filename",
                dbFile.toString(),
                "--ip",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--ui-port",
                String.valueOf(uiPort),
                "--http-port",
                String.valueOf(httpPort),
                "--metrics-port",
                String.valueOf(metricsPort),
                "--log-level",
                "warn"),
            Map.of(),
            log);
    Ports.awaitListening(port, Duration.ofSeconds(60), process);
    Waits.until(
        "the Temporal frontend to be SERVING",
        Duration.ofSeconds(60),
        Duration.ofMillis(300),
        () -> {
          process.assertAlive();
          return cli.run("operator", "cluster", "health").stdout().contains("SERVING");
        });
    registerSearchAttributes();
    Ports.awaitListening(uiPort, Duration.ofSeconds(30), process);
  }

  private void registerSearchAttributes() {
    String listed = cli.run("operator", "search-attribute", "list").ok().stdout();
    SEARCH_ATTRIBUTES.forEach(
        (name, type) -> {
          if (!listed.contains(name)) {
            cli.run("operator", "search-attribute", "create", "--name", name, "--type", type).ok();
          }
        });
  }
}
