package dev.ferry.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Checks the copies of one range against their sources (size, then checksum). */
@ActivityInterface
public interface VerifyRangeActivity {
  /** Verifies the objects named by the input's fingerprints; passes on those that match. */
  @ActivityMethod(name = "VerifyRange")
  RangeResult verifyRange(RangeInput input);
}
