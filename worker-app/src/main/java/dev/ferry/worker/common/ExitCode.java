package dev.ferry.worker.common;

/** The exit codes of the {@code ferry} executable (DESIGN §4). */
public final class ExitCode {
  /** Every object is done. */
  public static final int OK = 0;

  /** The migration finished with failed objects, or failed, or was cancelled. */
  public static final int FAILED = 1;

  /** Bad input: usage, config, unknown profile or id, unreachable Temporal, preflight refusal. */
  public static final int BAD_INPUT = 2;

  /** Stopped by Ctrl-C: the shell's code for SIGINT, with which the JVM exits then anyway. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
