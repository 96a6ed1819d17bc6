package dev.ferry.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Drops the unfinished upload a paused range kept for its resume, once no resume will come (the
 * migration was cancelled): the store would otherwise keep, and bill, its parts.
 */
@ActivityInterface
public interface AbandonUploadsActivity {
  /**
   * Aborts the upload {@code input.resumeFrom()} names at the destination, if it names one; an
   * upload already gone counts as dropped.
   */
  @ActivityMethod(name = "AbandonUploads")
  void abandonUploads(RangeInput input);
}
