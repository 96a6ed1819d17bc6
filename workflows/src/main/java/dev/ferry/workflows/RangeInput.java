package dev.ferry.workflows;

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
 */
public record RangeInput(
    MigrationRequest request,
    KeyRange range,
    Fingerprints fingerprints,
    boolean destinationEmptyAtStart,
    boolean sourceInService) {
  public RangeInput {
    fingerprints = fingerprints == null ? Fingerprints.EMPTY : fingerprints;
  }

  /** An input for a destination that may hold objects already. */
  public RangeInput(MigrationRequest request, KeyRange range, Fingerprints fingerprints) {
    this(request, range, fingerprints, false, false);
  }

  /** An input of a source that does not change under the migration. */
  public RangeInput(
      MigrationRequest request,
      KeyRange range,
      Fingerprints fingerprints,
      boolean destinationEmptyAtStart) {
    this(request, range, fingerprints, destinationEmptyAtStart, false);
  }
}
