package dev.ferry.workflows;

/**
 * One object that could not be migrated.
 *
 * @param key the object's key relative to the source location
 * @param reason a short machine-readable cause, e.g. {@code NOT_FOUND}, {@code ACCESS_DENIED}
 * @param message a human-readable explanation; never contains a secret
 * @param attempts how many attempts were made before giving up
 */
public record ObjectFailure(String key, String reason, String message, int attempts) {}
