package dev.ferry.activities.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.workflows.RangeResult;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;

/**
 * Heartbeat details of a range activity: the retry of an attempt resumes after {@code lastKey} with
 * the counters of {@code partial}; the rest is read by clients through describe, for progress:
 * {@code currentKey}/{@code currentBytes} show how far an object in transfer has come, and {@code
 * bytesWritten} how many bytes the range has moved that the workflow does not count yet ({@code
 * partial} may lag behind, see {@link RangeHeartbeats}).
 *
 * @param lastKey the last key fully handled, or null
 * @param partial counters and fingerprints up to and including {@code lastKey}
 * @param currentKey the object in transfer, or null
 * @param currentBytes bytes of {@code currentKey} read so far (to be written, or compared)
 * @param upload the large object being uploaded, for a retry to continue, or null
 * @param bytesWritten bytes of the objects this range copied so far, the bytes read of the one it
 *     is writing included; 0 in a heartbeat of a worker older than this field
 */
// A retry on a worker older than the heartbeat's writer reads what it knows.
@JsonIgnoreProperties(ignoreUnknown = true)
public record RangeHeartbeat(
    String lastKey,
    RangeResult partial,
    String currentKey,
    long currentBytes,
    UploadHeartbeat upload,
    long bytesWritten) {
  /** This heartbeat naming {@code earlier}'s resume point: its last key and counters. */
  RangeHeartbeat resumingAt(RangeHeartbeat earlier) {
    return new RangeHeartbeat(
        earlier.lastKey(), earlier.partial(), currentKey, currentBytes, upload, bytesWritten);
  }

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
