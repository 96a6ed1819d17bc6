package dev.ferry.activities.storage;

/**
 * Turns a location string of a migration request into an open backend.
 *
 * <p>The worker's resolver reads profiles (with their credentials) from its own config, so secrets
 * never travel in a request. Tests supply their own.
 */
@FunctionalInterface
public interface BackendResolver {
  /**
   * Opens the backend for {@code location}.
   *
   * @throws PermanentStorageException when the location names an unknown profile or is malformed
   */
  StorageBackend open(String location);
}
