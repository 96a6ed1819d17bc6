package dev.ferry.workflows;

import java.util.List;

/**
 * Failure type names of {@code ApplicationFailure}s and reasons of {@link ObjectFailure}s, declared
 * once for the activities that throw them, the retry options that refuse to retry them and the
 * clients that explain them.
 */
public final class FerryFailures {
  /** Preflight found a location unusable; the workflow fails without retrying. */
  public static final String PREFLIGHT_REFUSED = "PreflightRefused";

  /** The request itself is invalid (bad concurrency, empty location, ...). */
  public static final String INVALID_REQUEST = "InvalidRequest";

  /** A storage error that retrying will not fix (access denied, missing bucket, bad key). */
  public static final String PERMANENT_STORAGE = "PermanentStorage";

  /** A transient storage error (5xx, throttling, timeout); retried with backoff. */
  public static final String RETRYABLE_STORAGE = "RetryableStorage";

  /** Bytes read or written did not match the expected checksum or size; retried. */
  public static final String CHECKSUM_MISMATCH = "ChecksumMismatch";

  /**
   * A fault of a whole side (full, over quota, read-only, gone, credentials refused): thrown
   * non-retryable by a range or listing activity, with the pause reason as message and as details
   * the side ({@code source} or {@code destination}) and, from a range activity, where it stopped.
   * The workflow puts the range back and pauses; nothing counts as failed.
   */
  public static final String SIDE_FAULT = "SideFault";

  /** The start of the pause reason of a destination bucket or container that is gone. */
  public static final String DESTINATION_GONE = "destination gone: ";

  /** How a destination-gone pause reason ends where resume would go on where it stood. */
  public static final String START_AGAIN = ": cancel, and start again once it exists";

  /**
   * How a destination-gone pause reason ends as its activity words it. Moves, and migrations older
   * than {@link DestinationLoss}, keep it: resumed, they would count what went with the bucket as
   * copied.
   */
  public static final String GONE_START_AGAIN =
      "; what was copied there went with it" + START_AGAIN;

  /** How a destination-gone pause reason ends where resume copies everything again. */
  public static final String GONE_RESUME_COPIES_AGAIN =
      "; what was copied there went with it: once it exists again, resume copies everything"
          + " again (skipping what is there and identical)";

  /** Failure types that {@code RetryOptions.setDoNotRetry} lists. */
  public static final List<String> NON_RETRYABLE =
      List.of(PREFLIGHT_REFUSED, INVALID_REQUEST, PERMANENT_STORAGE);

  /** Object failure reason: the source object vanished between listing and reading. */
  public static final String REASON_NOT_FOUND = "NOT_FOUND";

  /** Object failure reason: a permanent storage error for this object. */
  public static final String REASON_PERMANENT = "PERMANENT";

  /** Object failure reason: transient errors persisted through every attempt. */
  public static final String REASON_RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";

  /** Object failure reason: the copy does not match its source. */
  public static final String REASON_VERIFY_FAILED = "VERIFY_FAILED";

  /** Object failure reason: the source changed after it was read, so it was not deleted. */
  public static final String REASON_SOURCE_CHANGED = "SOURCE_CHANGED";

  /** Object failure reason: the destination changed after verification, so no delete. */
  public static final String REASON_DESTINATION_CHANGED = "DESTINATION_CHANGED";

  /** Object failure reason: the verified source could not be deleted. */
  public static final String REASON_DELETE_FAILED = "DELETE_FAILED";

  /**
   * Failure reason of a whole range whose activity ran out of retries; its key is the range in
   * interval notation, since the workflow never sees the range's keys.
   */
  public static final String REASON_RANGE_FAILED = "RANGE_FAILED";

  private FerryFailures() {}
}
