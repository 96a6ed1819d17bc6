package dev.ferry.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One object that could not be migrated.
 *
 * @param key the object's key relative to the source location
 * @param reason a short machine-readable cause, e.g. {@code NOT_FOUND}, {@code ACCESS_DENIED}
 * @param message a human-readable explanation; never contains a secret
 * @param attempts how many attempts were made before giving up
 */
// A client older than the worker that answers reads the fields it knows.
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectFailure(String key, String reason, String message, int attempts) {}
