package dev.ferry.worker.common;

/** Whether the JVM is stopping on a signal (Ctrl-C, SIGTERM) while a command still runs. */
public final class JvmShutdown {
  private JvmShutdown() {}

  /**
   * True once the JVM has begun to shut down: it then refuses new shutdown hooks. An embedded run's
   * hook stops its Temporal under the command, and what then fails says nothing the user needs.
   */
  public static boolean inProgress() {
    Thread probe = new Thread(() -> {}, "ferry-shutdown-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException stopping) {
      return true;
    }
  }
}
