package dev.ferry.worker.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real OS process of the end-to-end suite, its output appended to a log file.
 *
 * <p>{@link #kill9()} is {@code Process.destroyForcibly()}, which is SIGKILL on Linux: the process
 * gets no chance to clean up, exactly like a crashed machine. Every started process is also killed
 * when the test JVM exits, so a failed run leaves nothing behind.
 */
final class OsProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private OsProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} with {@code extraEnv} added to this JVM's environment. */
  static OsProcess start(
      String name, List<String> command, Map<String, String> extraEnv, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(extraEnv);
      Process process = builder.start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return new OsProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code of a process that has ended. */
  int exitValue() {
    return process.exitValue();
  }

  Path log() {
    return log;
  }

  /** SIGKILL, then waits until the process is gone. */
  void kill9() {
    process.destroyForcibly();
    await(process, 30);
  }

  /**
   * SIGSTOP ({@code true}) or SIGCONT: a stopped process keeps its sockets but sends nothing, so
   * what the server says it holds cannot change under a test that inspects it.
   */
  void stopped(boolean stop) {
    String signal = stop ? "-STOP" : "-CONT";
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + this + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM, then waits up to {@code seconds} for the process to end; whether it did. */
  boolean terminate(int seconds) {
    process.destroy();
    return await(process, seconds);
  }

  /** SIGTERM with a grace period, then SIGKILL. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!await(process, 15)) {
      kill9();
    }
  }

  /** Fails with the log's tail when the process has died. */
  void assertAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + "; log tail:\n" + tail(log, 40));
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + process.pid() + ")";
  }

  /** The last {@code lines} lines of a text file, for failure messages. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static boolean await(Process process, int seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
