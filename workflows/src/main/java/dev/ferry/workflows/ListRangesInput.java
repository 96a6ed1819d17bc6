package dev.ferry.workflows;

/**
 * Input of {@code ListRanges}.
 *
 * @param request the migration (filters and batch limits apply)
 * @param startAfter the listing cursor: the last key of the previous range, or null
 * @param maxRanges most ranges to return
 */
public record ListRangesInput(MigrationRequest request, String startAfter, int maxRanges) {}
