package dev.ferry.workflows;

/**
 * Input of {@code CopyRange}, {@code VerifyRange} and {@code DeleteRange}.
 *
 * @param request the migration (filters, policies, retry limits apply)
 * @param range the range to work on
 * @param fingerprints for verify: what copy handled; for delete: what verify proved; else empty
 * @param destinationEmptyAtStart whether preflight found the destination empty, so that a first
 *     attempt of copy has nothing there to compare with (ranges are disjoint)
 */
public record RangeInput(
    MigrationRequest request,
    KeyRange range,
    Fingerprints fingerprints,
    boolean destinationEmptyAtStart) {
  public RangeInput {
    fingerprints = fingerprints == null ? Fingerprints.EMPTY : fingerprints;
  }

  /** An input for a destination that may hold objects already. */
  public RangeInput(MigrationRequest request, KeyRange range, Fingerprints fingerprints) {
    this(request, range, fingerprints, false);
  }
}
