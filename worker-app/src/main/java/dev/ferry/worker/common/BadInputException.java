package dev.ferry.worker.common;

/**
 * A mistake of the user's, reported as one line naming the problem and, when there is one, one line
 * saying what to do; the command then exits with {@link ExitCode#BAD_INPUT}.
 *
 * <p>Messages never contain secrets: build them from locations, profile names and paths only.
 */
public final class BadInputException extends RuntimeException {
  private final String fix;

  public BadInputException(String problem, String fix) {
    this(problem, fix, null);
  }

  public BadInputException(String problem, String fix, Throwable cause) {
    super(problem, cause);
    this.fix = fix;
  }

  /** What the user should do, or null. */
  public String fix() {
    return fix;
  }
}
