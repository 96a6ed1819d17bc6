package dev.ferry.worker.embedded;

import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.TemporalConnection;
import dev.ferry.workflows.FerryNames;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TemporalDevServer;
import io.temporal.testing.TemporalDevServerOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Temporal run inside the {@code ferry} process for {@code --embedded}.
 *
 * <p>With a {@code temporal} binary on the PATH it launches the real dev server as a child process
 * on a SQLite file under {@link FerryHome} (durable, with the Web UI, never downloading anything);
 * one lock file keeps two ferry processes off the same database. Without one it runs the SDK's
 * in-memory service and says plainly that the run does not survive the process.
 *
 * <p>The dev server is stopped with SIGKILL, once the worker and clients of this process are gone.
 * A graceful stop spends a fixed second draining clients (the frontend waits at least that long,
 * whatever its drain setting), and there are none left; what the server has committed to its SQLite
 * file survives a kill, as any crash of it, and the tests that kill it mid-migration rely on that.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  /** Starts of the dev server that lost a port to another process, at most. */
  private static final int PORT_ATTEMPTS = 3;

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final boolean durable;
  private final AutoCloseable owner;

  private EmbeddedTemporal(
      WorkflowServiceStubs stubs,
      WorkflowClient client,
      WorkerFactory factory,
      boolean durable,
      AutoCloseable owner) {
    this.stubs = stubs;
    this.client = client;
    this.factory = factory;
    this.durable = durable;
    this.owner = owner;
  }

  /**
   * Starts the dev server if a binary is found, else the in-memory service; its worker factory has
   * {@code factoryOptions}.
   */
  public static EmbeddedTemporal start(
      String namespace, String identity, PrintWriter err, WorkerFactoryOptions factoryOptions) {
    Path cli = FerryHome.temporalCli();
    if (cli == null) {
      err.println(
          "ferry: no temporal binary on the PATH: running Temporal in memory;"
              + " this run does not survive this process");
      err.flush();
      return inMemory(namespace, identity, factoryOptions);
    }
    return devServer(cli, FerryHome.directory(), namespace, identity, err, factoryOptions);
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  /** The factory the in-process worker joins through. */
  public WorkerFactory workerFactory() {
    return factory;
  }

  /** True for the dev server on a SQLite file, false in memory. */
  public boolean durable() {
    return durable;
  }

  private static EmbeddedTemporal inMemory(
      String namespace, String identity, WorkerFactoryOptions factoryOptions) {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setWorkerFactoryOptions(factoryOptions)
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setNamespace(namespace)
                        .setIdentity(identity)
                        .build())
                .build());
    env.registerSearchAttribute(
        FerryNames.SEARCH_ATTRIBUTE_STATE, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute(
        FerryNames.SEARCH_ATTRIBUTE_PERCENT, IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE);
    return new EmbeddedTemporal(
        env.getWorkflowServiceStubs(), env.getWorkflowClient(), env.getWorkerFactory(), false, env);
  }

  private static EmbeddedTemporal devServer(
      Path cli,
      Path home,
      String namespace,
      String identity,
      PrintWriter err,
      WorkerFactoryOptions factoryOptions) {
    FileChannel lockChannel = null;
    try {
      FerryHome.ensure();
      lockChannel =
          FileChannel.open(
              home.resolve("temporal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = lockChannel.tryLock();
      if (lock == null) {
        lockChannel.close();
        throw new BadInputException(
            "another ferry process is running the embedded Temporal server in " + home,
            "wait for it to end, or point this command at it with --temporal HOST:PORT");
      }
      stopOrphan(home.resolve("temporal.pid"), cli);
      Path db = home.resolve("temporal.db");
      StartedServer started = startOnFreePorts(cli, namespace, db, home.resolve("temporal.log"));
      TemporalDevServer server = started.server();
      int uiPort = started.uiPort();
      Optional<ProcessHandle> child = recordChild(home.resolve("temporal.pid"), cli);
      child.ifPresent(DevServerWatchdog::start);
      err.println(
          "ferry: embedded Temporal dev server at "
              + server.getTarget()
              + ", Web UI http://127.0.0.1:"
              + uiPort
              + ", state in "
              + db);
      err.flush();
      WorkflowServiceStubsOptions.Builder options =
          WorkflowServiceStubsOptions.newBuilder().setTarget(server.getTarget());
      EventLoopGroup loop = TemporalConnection.ownEventLoop(options);
      TemporalConnection connection =
          new TemporalConnection(WorkflowServiceStubs.newServiceStubs(options.build()), loop);
      WorkflowServiceStubs stubs = connection.stubs();
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs,
              WorkflowClientOptions.newBuilder()
                  .setNamespace(namespace)
                  .setIdentity(identity)
                  .build());
      FileChannel heldLock = lockChannel;
      AutoCloseable owner =
          () -> {
            try {
              connection.closeNow();
              child.ifPresent(EmbeddedTemporal::kill);
              server.close();
            } finally {
              heldLock.close();
            }
          };
      return new EmbeddedTemporal(
          stubs, client, WorkerFactory.newInstance(client, factoryOptions), true, owner);
    } catch (BadInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      closeQuietly(lockChannel);
      String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new BadInputException(
          "the embedded Temporal dev server did not start: " + first,
          isFull(home)
              ? home + " has no space left for its state: free some, or set FERRY_HOME elsewhere"
              : "see " + home.resolve("temporal.log") + ", or pass --temporal HOST:PORT",
          e);
    }
  }

  /**
   * Whether {@code home} has less than 1 MiB free: the server then cannot write its database, nor
   * its log the reason (an audit's temporal.log on a full disk was empty).
   */
  private static boolean isFull(Path home) {
    try {
      return Files.getFileStore(home).getUsableSpace() < (1L << 20);
    } catch (IOException e) {
      return false;
    }
  }

  /** A dev server left behind by a killed ferry would share the database: stop it first. */
  private static void stopOrphan(Path pidFile, Path cli) throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    String text = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
    Files.deleteIfExists(pidFile);
    long pid;
    try {
      pid = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> orphan = ProcessHandle.of(pid);
    if (orphan.isPresent()
        && orphan.get().isAlive()
        && orphan.get().info().command().map(c -> c.equals(cli.toString())).orElse(false)) {
      orphan.get().destroy();
      try {
        orphan.get().onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        orphan.get().destroyForcibly();
      }
    }
  }

  private static Optional<ProcessHandle> recordChild(Path pidFile, Path cli) throws IOException {
    Optional<ProcessHandle> child =
        ProcessHandle.current()
            .children()
            .filter(p -> p.info().command().map(c -> c.equals(cli.toString())).orElse(false))
            .findFirst();
    if (child.isPresent()) {
      Files.writeString(pidFile, Long.toString(child.get().pid()), StandardCharsets.UTF_8);
    }
    return child;
  }

  /** SIGKILL, then waits for the exit, so the database is free when this returns. */
  private static void kill(ProcessHandle server) {
    server.destroyForcibly();
    try {
      server.onExit().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the SDK's own stop, next, waits and reports
    }
  }

  private record StartedServer(TemporalDevServer server, int uiPort) {}

  /**
   * Starts the dev server. Two ferry processes starting at once can find the same port free (the
   * UI's 8233, or one the dev server picks itself); the one that binds second exits at once, and is
   * started again on ports picked again.
   */
  private static StartedServer startOnFreePorts(Path cli, String namespace, Path db, Path log)
      throws IOException {
    for (int attempt = 1; ; attempt++) {
      int uiPort = freePort(8233);
      try {
        return new StartedServer(startDevServer(cli, namespace, db, log, uiPort), uiPort);
      } catch (RuntimeException e) {
        if (attempt == PORT_ATTEMPTS || !lostAPort(log)) {
          throw e;
        }
      }
    }
  }

  private static TemporalDevServer startDevServer(
      Path cli, String namespace, Path db, Path log, int uiPort) {
    return TemporalDevServer.start(
        namespace,
        TemporalDevServerOptions.newBuilder()
            .setExistingPath(cli.toString())
            .setDownloadEnabled(false)
            .setDatabaseFilename(db.toString())
            .setUiPort(uiPort)
            .setLogFile(log.toString())
            .setStartupTimeout(Duration.ofSeconds(60))
            .build());
  }

  /** Whether the server's log (the launcher starts it anew each time) says a port was taken. */
  private static boolean lostAPort(Path log) throws IOException {
    return Files.exists(log)
        && new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
            .contains("address already in use");
  }

  private static int freePort(int preferred) {
    for (int port : new int[] {preferred, 0}) {
      try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        // taken: fall through to an ephemeral port
      }
    }
    throw new UncheckedIOException(new IOException("no free port on the loopback interface"));
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already failing; the first error is the one to report
      }
    }
  }

  @Override
  public void close() {
    try {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop embedded Temporal", e);
    }
  }
}
