package dev.ferry.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Looks at a resumed migration's destination before anything else runs; writes nothing. */
@ActivityInterface
public interface LookActivity {
  /**
   * Whether the destination lost objects the pass counted there while the migration waited: with
   * witnesses, whether it holds fewer objects in any of their ranges than were counted; without,
   * whether it is empty.
   *
   * @return what was lost, in a sentence for the log, or null when nothing was
   */
  @ActivityMethod(name = "LookAtDestination")
  String lookAtDestination(LookInput input);
}
