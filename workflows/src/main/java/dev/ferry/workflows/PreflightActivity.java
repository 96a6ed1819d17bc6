package dev.ferry.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Checks both locations before anything is written. */
@ActivityInterface
public interface PreflightActivity {
  /**
   * Checks that the source is listable, the destination writable (listable in a dry run) and that
   * the locations do not overlap.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable, of type {@link
   *     FerryFailures#PREFLIGHT_REFUSED}, naming what is wrong
   */
  @ActivityMethod(name = "Preflight")
  PreflightResult preflight(MigrationRequest request);
}
