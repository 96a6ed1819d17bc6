package dev.ferry.workflows;

/**
 * Input of {@code ListRanges}.
 *
 * @param request the migration (filters and batch limits apply)
 * @param startAfter the listing cursor: the last key of the previous range, or null
 * @param maxRanges most ranges to return
 * @param endAt the last key of the partition listed (inclusive), or null for the end of the source
 * @param split whether the call may split the rest of its partition when it lists slowly (see
 *     {@link ListRangesResult#splitAt})
 */
public record ListRangesInput(
    MigrationRequest request, String startAfter, int maxRanges, String endAt, boolean split) {

  /** A call over the whole rest of the source, never split. */
  public ListRangesInput(MigrationRequest request, String startAfter, int maxRanges) {
    this(request, startAfter, maxRanges, null, false);
  }
}
