package dev.ferry.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;

/** Reads activity failures as the workflow needs them: cancellation or a one-line message. */
final class ActivityErrors {
  private ActivityErrors() {}

  /** Whether {@code e} is a cancellation, of the workflow or of the activity. */
  static boolean isCancellation(Throwable e) {
    return e instanceof CanceledFailure
        || (e instanceof ActivityFailure && e.getCause() instanceof CanceledFailure);
  }

  /** The most telling message of an activity failure, without stack traces. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t instanceof ActivityFailure && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ApplicationFailure af) {
      return af.getOriginalMessage();
    }
    if (t instanceof TimeoutFailure tf) {
      return "activity timed out (" + tf.getTimeoutType() + ")";
    }
    return t.getMessage();
  }
}
