package dev.ferry.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Deletes destination objects of one range that the source no longer has (SYNC only). */
@ActivityInterface
public interface PruneRangeActivity {
  /**
   * Deletes a destination object only when the input's fingerprints name it in the state copy
   * listed it in and the source still has no object under its key: an object written to the
   * destination after that listing is never deleted.
   */
  @ActivityMethod(name = "PruneRange")
  RangeResult pruneRange(RangeInput input);
}
