package dev.ferry.workflows;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A range waiting for its next activity.
 *
 * @param range the range
 * @param stage the activity it waits for
 * @param fingerprints what the step before passed on (for {@code PRUNE}: the destination objects
 *     the source does not have, in {@link Fingerprints#copied()})
 * @param resumeFrom where a fault of a whole side stopped the previous activity of this step (see
 *     {@link SideFaults}), or null
 */
record RangeStep(KeyRange range, Stage stage, Fingerprints fingerprints, JsonNode resumeFrom) {
  RangeStep(KeyRange range, Stage stage, Fingerprints fingerprints) {
    this(range, stage, fingerprints, null);
  }

  /** This step again, to be continued from {@code at} (null: from its start). */
  RangeStep resumingFrom(JsonNode at) {
    return new RangeStep(range, stage, fingerprints, at);
  }

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
