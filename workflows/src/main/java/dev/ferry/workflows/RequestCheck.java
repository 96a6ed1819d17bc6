package dev.ferry.workflows;

import io.temporal.failure.ApplicationFailure;

/** Refuses a malformed request with a non-retryable failure before the workflow does anything. */
final class RequestCheck {
  private RequestCheck() {}

  /**
   * Throws a non-retryable {@code INVALID_REQUEST} failure naming the first problem of {@code r}.
   */
  static void validate(MigrationRequest r) {
    String problem = null;
    if (r == null) {
      problem = "request is missing";
    } else if (r.source() == null || r.source().isBlank()) {
      problem = "source location is empty";
    } else if (r.destination() == null || r.destination().isBlank()) {
      problem = "destination location is empty";
    } else if (r.maxConcurrency() < 1 || r.maxConcurrency() > MigrationRequest.MAX_CONCURRENCY) {
      problem =
          "maxConcurrency must be within 1.."
              + MigrationRequest.MAX_CONCURRENCY
              + ": "
              + r.maxConcurrency();
    } else if (r.maxRetries() < 0) {
      problem = "maxRetries must not be negative: " + r.maxRetries();
    } else if (r.initialRetryInterval().isNegative() || r.initialRetryInterval().isZero()) {
      problem = "initialRetryInterval must be positive: " + r.initialRetryInterval();
    } else if (r.batchMaxObjects() < 1
        || r.batchMaxObjects() > MigrationRequest.MAX_BATCH_OBJECTS) {
      problem =
          "batchMaxObjects must be within 1.."
              + MigrationRequest.MAX_BATCH_OBJECTS
              + ": "
              + r.batchMaxObjects();
    } else if (r.batchMaxBytes() < 1) {
      problem = "batchMaxBytes must be at least 1: " + r.batchMaxBytes();
    }
    if (problem != null) {
      throw ApplicationFailure.newNonRetryableFailure(problem, FerryFailures.INVALID_REQUEST);
    }
  }
}
