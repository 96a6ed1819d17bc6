package dev.ferry.worker;

/**
 * A mistake of the user's, reported as one line naming the problem and, when there is one, one line
 * saying what to do; the command then exits with {@link ExitCode#BAD_INPUT}.
 *
 * <p>Messages never contain secrets: build them from locations, profile names and paths only.
 */
final class BadInputException extends RuntimeException {
  private final String fix;

  BadInputException(String problem, String fix) {
    this(problem, fix, null);
  }

  BadInputException(String problem, String fix, Throwable cause) {
    super(problem, cause);
    this.fix = fix;
  }

  /** What the user should do, or null. */
  String fix() {
    return fix;
  }
}
