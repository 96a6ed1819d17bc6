package dev.ferry.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.common.converter.Values;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;

/**
 * Reads the {@link FerryFailures#SIDE_FAULT} failures of activities: a fault of a whole source or
 * destination (full, over quota, read-only, gone, credentials refused). The workflow pauses with
 * the failure's message as reason and puts the range back, to be continued from where its activity
 * stopped once resumed; no counter moves, as counters move only on a range's result.
 */
final class SideFaults {
  private SideFaults() {}

  /**
   * The pause reason of a side fault, e.g. {@code destination full: No space left on device
   * (/srv/out)}, or null when {@code error} is any other failure.
   */
  static String reason(Throwable error) {
    ApplicationFailure fault = fault(error);
    return fault == null ? null : fault.getOriginalMessage();
  }

  /** The pause reason of a side fault, else {@code prefix} and the failure's message. */
  static String reasonOr(Throwable error, String prefix) {
    String reason = reason(error);
    return reason != null ? reason : prefix + ActivityErrors.rootMessage(error);
  }

  /** Where the stopped range activity left its range (its second detail), or null. */
  static JsonNode resumeFrom(Throwable error) {
    ApplicationFailure fault = fault(error);
    if (fault == null) {
      return null;
    }
    Values details = fault.getDetails();
    return details.getSize() < 2 ? null : details.get(1, JsonNode.class);
  }

  private static ApplicationFailure fault(Throwable error) {
    if (error instanceof ActivityFailure af
        && af.getCause() instanceof ApplicationFailure cause
        && FerryFailures.SIDE_FAULT.equals(cause.getType())) {
      return cause;
    }
    return null;
  }
}
