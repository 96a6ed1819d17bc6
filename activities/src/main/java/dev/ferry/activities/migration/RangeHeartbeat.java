package dev.ferry.activities.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.workflows.RangeResult;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;

/**
 * Heartbeat details of a range activity: the retry of an attempt resumes after {@code lastKey} with
 * the counters of {@code partial}; {@code currentKey}/{@code currentBytes} show how far a large
 * object in transfer has come (read by clients through describe).
 *
 * @param lastKey the last key fully handled, or null
 * @param partial counters and fingerprints up to and including {@code lastKey}
 * @param currentKey the object in transfer, or null
 * @param currentBytes bytes of {@code currentKey} transferred so far
 * @param upload the large object being uploaded, for a retry to continue, or null
 */
public record RangeHeartbeat(
    String lastKey,
    RangeResult partial,
    String currentKey,
    long currentBytes,
    UploadHeartbeat upload) {
  /** The resume point a side fault's failure carried, as a heartbeat; null for none. */
  static RangeHeartbeat fromResumePoint(JsonNode resumeFrom) {
    if (resumeFrom == null) {
      return null;
    }
    DataConverter json = DefaultDataConverter.STANDARD_INSTANCE;
    return json.fromPayload(
        json.toPayload(resumeFrom).orElseThrow(), RangeHeartbeat.class, RangeHeartbeat.class);
  }
}
