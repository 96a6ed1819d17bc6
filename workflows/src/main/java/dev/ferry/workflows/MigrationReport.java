package dev.ferry.workflows;

/**
 * What {@code migrate} returns when the migration ends.
 *
 * @param progress the final snapshot; its counters are exact
 * @param message a one-line summary of why it ended, e.g. a preflight refusal; null on success
 */
public record MigrationReport(MigrationProgress progress, String message) {}
