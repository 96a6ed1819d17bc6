package dev.ferry.workflows;

/**
 * Input of {@code CopyRange}, {@code VerifyRange} and {@code DeleteRange}.
 *
 * @param request the migration (filters, policies, retry limits apply)
 * @param range the range to work on
 * @param fingerprints for verify: what copy handled; for delete: what verify proved; else empty
 */
public record RangeInput(MigrationRequest request, KeyRange range, Fingerprints fingerprints) {
  public RangeInput {
    fingerprints = fingerprints == null ? Fingerprints.EMPTY : fingerprints;
  }
}
