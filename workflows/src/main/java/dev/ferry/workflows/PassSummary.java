package dev.ferry.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * What one pass of a migration did: in a live migration, the catch-up passes after the first move
 * only what changed.
 *
 * @param pass the pass's number, from 1
 * @param objectsChanged objects copied because they were new or changed at the source
 * @param bytesChanged their bytes
 * @param deleted objects deleted (destination objects the source no longer had, for a SYNC)
 * @param failed objects that failed
 * @param seconds how long the pass ran
 * @param startedAt when it started: the destination matched the source as of then when it ended
 *     clean
 */
// A client older than the worker that answers reads the fields it knows.
@JsonIgnoreProperties(ignoreUnknown = true)
public record PassSummary(
    int pass,
    long objectsChanged,
    long bytesChanged,
    long deleted,
    long failed,
    double seconds,
    Instant startedAt) {

  /** How a sync's deletes that failed read: {@code N destination objects not deleted}. */
  public static String notDeleted(long objects) {
    return objects
        + (objects == 1 ? " destination object" : " destination objects")
        + " not deleted";
  }

  /** Whether the pass found nothing to do. */
  public boolean nothingChanged() {
    return objectsChanged == 0 && deleted == 0 && failed == 0;
  }
}
