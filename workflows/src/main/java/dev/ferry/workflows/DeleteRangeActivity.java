package dev.ferry.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Deletes verified sources of one range (MOVE only). */
@ActivityInterface
public interface DeleteRangeActivity {
  /**
   * Deletes a source object only when it is named by the input's fingerprints (verified in this
   * migration) and its size, ETag and last-modified time are still those recorded when it was read.
   */
  @ActivityMethod(name = "DeleteRange")
  RangeResult deleteRange(RangeInput input);
}
