package dev.ferry.worker.format;

/**
 * An activity of a migration that failed and is being retried, from describe: what the user would
 * otherwise only see as a bar that does not move (a preflight against an endpoint that does not
 * resolve retries for half a minute at 0 %).
 *
 * @param activityType e.g. {@code Preflight}
 * @param attempt the attempt now running or waiting, from 2
 * @param lastFailure the first line of the previous attempt's failure
 */
public record RetryingActivity(String activityType, int attempt, String lastFailure) {
  /** E.g. {@code Preflight, attempt 3, after: s3 src:bucket: list: no host is named 'x'}. */
  public String describe() {
    return activityType + ", attempt " + attempt + ", after: " + lastFailure;
  }
}
