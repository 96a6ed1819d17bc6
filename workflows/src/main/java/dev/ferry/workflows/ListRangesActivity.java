package dev.ferry.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Walks the source listing and cuts it into ranges by object count and bytes. */
@ActivityInterface
public interface ListRangesActivity {
  /** Returns up to {@code maxRanges} contiguous ranges after the cursor. */
  @ActivityMethod(name = "ListRanges")
  ListRangesResult listRanges(ListRangesInput input);
}
