package dev.ferry.activities.config;

import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.LocationShape;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.ProfileMissingException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.registry.BackendRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens backends for location strings from the profiles of a {@link FerryConfig}: the worker's
 * resolver, where credentials live. Which backend a profile opens is its type's business (see
 * {@link BackendRegistry}); this class only reads locations.
 *
 * <p>What a profile's backends share (one pooled S3 client, say) is opened once per profile and
 * kept, so opening a backend per activity is cheap. Thread-safe. {@link #close()} releases it.
 */
public final class ConfigBackendResolver implements BackendResolver, AutoCloseable {
  /** This worker, as Temporal and the logs name it: {@code PID@HOST}. */
  private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName();

  private final FerryConfig config;
  private final Map<String, BackendType.Connected> connected = new ConcurrentHashMap<>();

  public ConfigBackendResolver(FerryConfig config) {
    this.config = config == null ? FerryConfig.empty() : config;
  }

  /**
   * Checks a location against the config without opening anything (for clients, before they contact
   * Temporal).
   *
   * @return the parsed location, local paths made absolute
   * @throws ConfigException naming the problem: malformed, unknown profile, no or an invalid
   *     bucket, escaping path
   */
  public Location check(String location) {
    Location parsed = Location.parse(location).toAbsolute();
    if (parsed.isLocal()) {
      return parsed;
    }
    BackendProfile profile = config.profile(parsed.profile());
    switch (profile.type().shape()) {
      case CONTAINER -> {
        if (parsed.bucket().isEmpty()) {
          throw new ConfigException(
              "location '"
                  + location
                  + "' names no bucket; write "
                  + parsed.profile()
                  + ":BUCKET/PREFIX");
        }
      }
      case PATH -> {}
      case NONE -> {
        if (!parsed.path().isEmpty()) {
          throw new ConfigException(
              "location '" + location + "' has a path; write " + parsed.profile() + ":");
        }
      }
    }
    try {
      profile.type().checkLocation(profile, container(profile, parsed), path(profile, parsed));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("location '" + location + "': " + e.getMessage(), e);
    }
    return parsed;
  }

  /**
   * Opens the backend for {@code location}.
   *
   * @throws PermanentStorageException with the one-line reason when the location is malformed or
   *     names an unknown profile
   */
  @Override
  public StorageBackend open(String location) {
    Location parsed;
    try {
      parsed = check(location);
    } catch (ConfigException e) {
      if (lacksProfile(location)) {
        throw new ProfileMissingException(
            "worker "
                + WORKER
                + ": "
                + e.getMessage()
                + "; every worker on the task queue needs the profiles its migrations name",
            e);
      }
      throw new PermanentStorageException(e.getMessage(), e);
    }
    if (parsed.isLocal()) {
      return BackendRegistry.openLocal(Path.of(parsed.path()), "file " + parsed.path());
    }
    BackendProfile profile = config.profile(parsed.profile());
    return connected
        .computeIfAbsent(profile.name(), name -> profile.type().connect(profile))
        .open(
            container(profile, parsed),
            path(profile, parsed),
            profile.type().name() + " " + parsed);
  }

  /**
   * Whether {@code location} names a profile this config has not (usable), as a worker opens it.
   */
  private boolean lacksProfile(String location) {
    try {
      Location parsed = Location.parse(location);
      return !parsed.isLocal() && !config.hasUsableProfile(parsed.profile());
    } catch (ConfigException malformed) {
      return false;
    }
  }

  private static String container(BackendProfile profile, Location parsed) {
    return profile.type().shape() == LocationShape.CONTAINER ? parsed.bucket() : "";
  }

  private static String path(BackendProfile profile, Location parsed) {
    return switch (profile.type().shape()) {
      case CONTAINER -> parsed.prefix();
      case PATH -> parsed.path();
      case NONE -> "";
    };
  }

  @Override
  public void close() {
    connected.values().forEach(BackendType.Connected::close);
    connected.clear();
  }
}
