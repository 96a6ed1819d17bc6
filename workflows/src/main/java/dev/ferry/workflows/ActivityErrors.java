package dev.ferry.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.converter.Values;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads activity failures as the workflow needs them: cancellation or a one-line message. */
final class ActivityErrors {
  private static final String DATA_CONVERTER_EXCEPTION =
      "io.temporal.common.converter.DataConverterException";
  private static final Pattern UNRECOGNIZED_FIELD =
      Pattern.compile("Unrecognized field \"[^\"]*\"");

  private ActivityErrors() {}

  /** Whether {@code e} is a cancellation, of the workflow or of the activity. */
  static boolean isCancellation(Throwable e) {
    return e instanceof CanceledFailure
        || (e instanceof ActivityFailure && e.getCause() instanceof CanceledFailure);
  }

  /**
   * The field a worker could not read in an activity's input, as in {@code Unrecognized field
   * "pass"}: every attempt ran on a worker older than the workflow that scheduled it (a downgrade,
   * or old workers left on the queue), which no retry mends. Null for any other failure.
   */
  static String unreadableInput(Throwable e) {
    if (e instanceof ActivityFailure af
        && af.getCause() instanceof ApplicationFailure cause
        && DATA_CONVERTER_EXCEPTION.equals(cause.getType())) {
      Matcher m = UNRECOGNIZED_FIELD.matcher(String.valueOf(cause.getOriginalMessage()));
      return m.find() ? m.group() : null;
    }
    return null;
  }

  /**
   * Whether {@code e} ended an activity whose cancellation the workflow had requested but whose
   * worker never acknowledged it (it was dead): the cancel ended it, not a fault of its own.
   */
  static boolean cancelledUnacknowledged(Throwable e) {
    return e instanceof ActivityFailure af
        && af.getRetryState() == RetryState.RETRY_STATE_CANCEL_REQUESTED;
  }

  /**
   * The details of the last heartbeat of an activity whose last attempt stopped heartbeating (a
   * store that stopped answering mid-call, or a worker that died), or null for any other failure; a
   * range activity's heartbeat says where it stood.
   */
  static JsonNode stalledAt(Throwable e) {
    if (e instanceof ActivityFailure af
        && af.getCause() instanceof TimeoutFailure tf
        && tf.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT) {
      Values details = tf.getLastHeartbeatDetails();
      return details == null || details.getSize() == 0
          ? NullNode.getInstance()
          : details.get(0, JsonNode.class);
    }
    return null;
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
