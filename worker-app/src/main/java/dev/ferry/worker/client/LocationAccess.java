package dev.ferry.worker.client;

import dev.ferry.activities.config.ConfigBackendResolver;
import dev.ferry.activities.config.ConfigException;
import dev.ferry.activities.config.Location;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.worker.common.BadInputException;

/**
 * One location opened by the CLI itself, without Temporal or a worker: its profile read from the
 * client's {@code ferry.yaml}, as {@code ferry run --embedded} reads it. Closing releases the
 * profile's connection.
 */
public final class LocationAccess implements AutoCloseable {
  private final Location location;
  private final BackendType type;
  private final ConfigBackendResolver resolver;
  private final StorageBackend backend;

  private LocationAccess(
      Location location, BackendType type, ConfigBackendResolver resolver, StorageBackend backend) {
    this.location = location;
    this.type = type;
    this.resolver = resolver;
    this.backend = backend;
  }

  /**
   * Opens {@code raw}, a location argument, with the profiles of the config {@code configPath}
   * names (null: the usual search); makes no request to the store.
   *
   * @throws BadInputException when the location is malformed, names a profile the config lacks, or
   *     the config cannot be read
   */
  public static LocationAccess open(String configPath, String raw) {
    Location location = Locations.parse("LOC", raw);
    ConfigFiles.Loaded config = ConfigFiles.load(configPath);
    ConfigBackendResolver resolver = new ConfigBackendResolver(config.config());
    try {
      resolver.check(location.toString());
      BackendType type =
          location.isLocal() ? null : config.config().profile(location.profile()).type();
      return new LocationAccess(location, type, resolver, resolver.open(location.toString()));
    } catch (ConfigException | PermanentStorageException e) {
      resolver.close();
      String message = e.getMessage();
      throw new BadInputException(
          message.contains(location.toString()) ? message : location + ": " + message, null, e);
    }
  }

  /** The location, a local path made absolute. */
  public Location location() {
    return location;
  }

  /** The profile's backend type, or null for a bare local path. */
  public BackendType type() {
    return type;
  }

  public StorageBackend backend() {
    return backend;
  }

  @Override
  public void close() {
    backend.close();
    resolver.close();
  }
}
