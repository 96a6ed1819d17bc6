package dev.ferry.worker;

import dev.ferry.activities.config.ConfigBackendResolver;
import dev.ferry.activities.config.ConfigException;
import dev.ferry.activities.config.FerryConfig;
import dev.ferry.activities.config.TemporalSettings;
import dev.ferry.activities.storage.BackendResolver;
import java.nio.file.Path;
import java.util.Set;

/**
 * The one place that reads {@code ferry.yaml} for the CLI: locates it ({@code --config}, else
 * {@code $FERRY_CONFIG}, else {@code ./ferry.yaml}) and turns config errors into bad input.
 */
final class ConfigFiles {
  private ConfigFiles() {}

  /** A loaded config, or the empty one when no file was found. */
  record Loaded(Path path, TemporalSettings temporal, Set<String> profiles, FerryConfig config) {
    /** The resolver a worker opens backends with. */
    BackendResolver resolver() {
      return ConfigFiles.resolver(config);
    }
  }

  /** Loads the config {@code explicitPath} names or the one found by the usual search. */
  static Loaded load(String explicitPath) {
    try {
      Path path = FerryConfig.locate(explicitPath);
      FerryConfig config = path == null ? FerryConfig.empty() : FerryConfig.load(path);
      TemporalSettings temporal =
          config.temporal() == null
              ? new TemporalSettings(null, null, null, null, null, null, null)
              : config.temporal();
      return new Loaded(path, temporal, config.backends().keySet(), config);
    } catch (ConfigException e) {
      throw new BadInputException(e.getMessage(), null, e);
    }
  }

  /** Opens bare paths and the config's profiles; credentials stay inside the worker. */
  private static BackendResolver resolver(FerryConfig config) {
    return new ConfigBackendResolver(config);
  }
}
