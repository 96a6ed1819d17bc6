package dev.ferry.activities.storage;

/**
 * A key a batch delete could not remove.
 *
 * @param key the key
 * @param message why, without secrets
 */
public record DeleteFailure(String key, String message) {}
