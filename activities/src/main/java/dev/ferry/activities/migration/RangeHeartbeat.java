package dev.ferry.activities.migration;

import dev.ferry.workflows.RangeResult;

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
    UploadHeartbeat upload) {}
