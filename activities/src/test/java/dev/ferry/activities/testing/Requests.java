package dev.ferry.activities.testing;

import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import java.time.Duration;

/** Migration requests for tests against real stores: checked, retried once, fast. */
public final class Requests {
  private Requests() {}

  /**
   * A {@code mode} migration from {@code from} to {@code to} with checksums, one retry 100 ms
   * later, two ranges in flight, and ranges of at most {@code batch} objects.
   */
  public static MigrationRequest quick(String from, String to, Mode mode, int batch) {
    return new MigrationRequest(
        from,
        to,
        mode,
        2,
        Verification.CHECKSUM,
        1,
        Duration.ofMillis(100),
        null,
        null,
        IfExists.SKIP_IDENTICAL,
        false,
        batch,
        1 << 20,
        false);
  }
}
