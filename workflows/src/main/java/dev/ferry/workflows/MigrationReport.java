package dev.ferry.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What {@code migrate} returns when the migration ends.
 *
 * @param progress the final snapshot; its counters are exact
 * @param message a one-line summary of why it ended, e.g. a preflight refusal; null on success
 */
// A client older than the worker that answers reads the fields it knows.
@JsonIgnoreProperties(ignoreUnknown = true)
public record MigrationReport(MigrationProgress progress, String message) {}
