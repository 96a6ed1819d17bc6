package dev.ferry.workflows;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Input of {@code CopyRange}, {@code VerifyRange} and {@code DeleteRange}.
 *
 * @param request the migration (filters, policies, retry limits apply)
 * @param range the range to work on
 * @param fingerprints for verify: what copy handled; for delete: what verify proved; else empty
 * @param destinationEmptyAtStart whether preflight found the destination empty, so that a first
 *     attempt of copy has nothing there to compare with (ranges are disjoint)
 * @param sourceInService whether the source may change under the pass (a live migration before
 *     cutover): an object listed and gone by the time copy reaches it was deleted, not missed by an
 *     inconsistent listing, and the next pass deals with it
 * @param resumeFrom where an earlier activity of this range stopped when a fault of a whole side
 *     paused the migration (its heartbeat then, opaque to the workflow), or null: the range is
 *     continued from there, not started over
 * @param pass the pass of a {@code --live} migration the range belongs to, or of a pass started
 *     again after its destination was gone, whose report goes to a folder of that pass; 0 for a
 *     migration of one pass (and in histories recorded before)
 */
public record RangeInput(
    MigrationRequest request,
    KeyRange range,
    Fingerprints fingerprints,
    boolean destinationEmptyAtStart,
    boolean sourceInService,
    JsonNode resumeFrom,
    int pass) {
  public RangeInput {
    fingerprints = fingerprints == null ? Fingerprints.EMPTY : fingerprints;
    // Jackson reads a JSON null into a JsonNode field as NullNode: that is no resume point either.
    resumeFrom = resumeFrom == null || resumeFrom.isNull() ? null : resumeFrom;
  }

  /** An input of a range of an unchanging source that no side fault stopped. */
  public RangeInput(
      MigrationRequest request,
      KeyRange range,
      Fingerprints fingerprints,
      boolean destinationEmptyAtStart) {
    this(request, range, fingerprints, destinationEmptyAtStart, false, null, 0);
  }

  /** An input for a destination that may hold objects already. */
  public RangeInput(MigrationRequest request, KeyRange range, Fingerprints fingerprints) {
    this(request, range, fingerprints, false);
  }
}
