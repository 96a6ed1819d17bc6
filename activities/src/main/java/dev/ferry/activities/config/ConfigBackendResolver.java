package dev.ferry.activities.config;

import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.storage.synthetic.DiscardBackend;
import dev.ferry.activities.storage.synthetic.SyntheticBackend;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens backends for location strings from the profiles of a {@link FerryConfig}: the worker's
 * resolver, where credentials live.
 *
 * <p>One {@link S3Connection} (one pooled client) is kept per s3 profile and shared by every
 * backend opened on it, so opening a backend per activity is cheap. Thread-safe. {@link #close()}
 * releases the connections.
 */
public final class ConfigBackendResolver implements BackendResolver, AutoCloseable {
  private final FerryConfig config;
  private final Map<String, S3Connection> connections = new ConcurrentHashMap<>();

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
    switch (profile.type()) {
      case S3 -> {
        if (parsed.bucket().isEmpty()) {
          throw new ConfigException(
              "location '"
                  + location
                  + "' names no bucket; write "
                  + parsed.profile()
                  + ":BUCKET/PREFIX");
        }
        requireValidBucketName(parsed.bucket());
      }
      case FILE -> fileRoot(profile, parsed, location);
      case SYNTHETIC, DISCARD -> {
        if (!parsed.path().isEmpty()) {
          throw new ConfigException(
              "location '" + location + "' has a path; write " + parsed.profile() + ":");
        }
      }
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
      throw new PermanentStorageException(e.getMessage(), e);
    }
    if (parsed.isLocal()) {
      return FileSystemBackend.create(Path.of(parsed.path()), "file " + parsed.path());
    }
    BackendProfile profile = config.profile(parsed.profile());
    String description = profile.type().id() + " " + parsed;
    return switch (profile.type()) {
      case FILE -> FileSystemBackend.create(fileRoot(profile, parsed, location), description);
      case S3 ->
          S3Backend.create(
              connections.computeIfAbsent(profile.name(), name -> S3Connection.create(profile)),
              parsed.bucket(),
              parsed.prefix(),
              description);
      case SYNTHETIC -> SyntheticBackend.create(profile.count(), profile.objectSize());
      case DISCARD -> DiscardBackend.create();
    };
  }

  /** S3's naming rules, as the MinIO client applies them, checked before any request is made. */
  private static void requireValidBucketName(String bucket) {
    try {
      io.minio.BucketExistsArgs.builder().bucket(bucket).build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "bucket name '"
              + bucket
              + "' is not valid; S3 bucket names have 3 to 63 lowercase letters, digits, dots"
              + " and hyphens");
    }
  }

  private static Path fileRoot(BackendProfile profile, Location parsed, String location) {
    String relative = parsed.path();
    while (relative.startsWith("/")) {
      relative = relative.substring(1);
    }
    Path root = profile.root().normalize();
    Path resolved = root.resolve(relative).normalize();
    if (!resolved.startsWith(root)) {
      throw new ConfigException(
          "location '"
              + location
              + "' leaves the root of profile '"
              + profile.name()
              + "'; remove the '..'");
    }
    return resolved;
  }

  @Override
  public void close() {
    connections.values().forEach(S3Connection::close);
    connections.clear();
  }
}
