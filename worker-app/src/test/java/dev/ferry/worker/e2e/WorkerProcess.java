package dev.ferry.worker.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real {@code ferry worker} process ({@code java -jar ferry.jar worker}); SIGKILL-able like a
 * crashing machine, and started again under the same name with a fresh pid.
 */
final class WorkerProcess implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path logDir;
  private final List<Long> pids = new ArrayList<>();
  private OsProcess process;

  private WorkerProcess(String name, List<String> command, Map<String, String> env, Path logDir) {
    this.name = name;
    this.command = command;
    this.env = env;
    this.logDir = logDir;
  }

  /**
   * Starts {@code ferry worker --config CONFIG EXTRA...} with {@code env} (the secrets the config
   * interpolates); its output goes to {@code logDir/NAME-N.log}, one file per start.
   */
  static WorkerProcess start(
      String name, Path config, Map<String, String> env, Path logDir, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("worker", "--config", config.toString()));
    args.addAll(List.of(extraArgs));
    WorkerProcess worker =
        new WorkerProcess(name, FerryJar.command(List.of("-Xmx512m"), args), env, logDir);
    worker.startProcess();
    return worker;
  }

  /** The pid of the current process. */
  long pid() {
    return process.pid();
  }

  /** Pids of every process started under this name, oldest first. */
  List<Long> pids() {
    return List.copyOf(pids);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  void assertAlive() {
    process.assertAlive();
  }

  /** SIGKILL: no shutdown hook, no graceful stop, in-flight activities are abandoned. */
  void kill9() {
    process.kill9();
  }

  /** SIGSTOP: the worker freezes mid-activity, holding whatever it had started. */
  void freeze() {
    process.stopped(true);
  }

  /** SIGCONT after {@link #freeze()}. */
  void thaw() {
    process.stopped(false);
  }

  /**
   * SIGTERM, as a service manager stops it: the worker stops polling and lets in-flight activities
   * finish within its grace. Fails when it has not ended after {@code seconds}.
   */
  void terminate(int seconds) {
    if (!process.terminate(seconds)) {
      throw new IllegalStateException(name + " still running " + seconds + " s after SIGTERM");
    }
  }

  /** Starts a new process with the same command after a kill. */
  void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " still running");
    }
    startProcess();
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return process.toString();
  }

  private void startProcess() {
    Path log = logDir.resolve(name + "-" + (pids.size() + 1) + ".log");
    process = OsProcess.start("ferry worker " + name, command, env, log);
    pids.add(process.pid());
  }
}
