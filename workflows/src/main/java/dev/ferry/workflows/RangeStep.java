package dev.ferry.workflows;

/**
 * A range waiting for its next activity.
 *
 * @param range the range
 * @param stage the activity it waits for
 * @param fingerprints what the step before passed on (for {@code PRUNE}: the destination objects
 *     the source does not have, in {@link Fingerprints#copied()})
 */
record RangeStep(KeyRange range, Stage stage, Fingerprints fingerprints) {
  /** The activities a range goes through, in order; a range takes only those its request needs. */
  enum Stage {
    COPY,
    VERIFY,
    DELETE,
    PRUNE
  }

  /** How many objects the step's fingerprints name. */
  long named() {
    return fingerprints.copiedCount() + fingerprints.skippedCount();
  }
}
