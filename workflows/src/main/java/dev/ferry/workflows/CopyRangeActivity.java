package dev.ferry.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Copies the matching objects of one range, honouring {@code ifExists} and {@code dryRun}. */
@ActivityInterface
public interface CopyRangeActivity {
  /**
   * Copies the range; {@link RangeResult#passed()} names what was copied or found identical.
   * Idempotent: a retry resumes after the last key it heartbeated.
   */
  @ActivityMethod(name = "CopyRange")
  RangeResult copyRange(RangeInput input);
}
