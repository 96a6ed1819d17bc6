package dev.ferry.worker.client;

import dev.ferry.activities.config.ConfigException;
import dev.ferry.activities.config.FerryConfig;
import dev.ferry.activities.config.TemporalSettings;
import dev.ferry.worker.common.BadInputException;
import java.nio.file.Path;

/**
 * The one place that reads {@code ferry.yaml} for the CLI: locates it ({@code --config}, else
 * {@code $FERRY_CONFIG}, else {@code ./ferry.yaml}) and turns config errors into bad input.
 */
final class ConfigFiles {
  private ConfigFiles() {}

  /** A loaded config, or the empty one when no file was found. */
  record Loaded(Path path, TemporalSettings temporal, FerryConfig config) {}

  /** Loads the config {@code explicitPath} names or the one found by the usual search. */
  static Loaded load(String explicitPath) {
    try {
      Path path = FerryConfig.locate(explicitPath);
      FerryConfig config = path == null ? FerryConfig.empty() : FerryConfig.load(path);
      TemporalSettings temporal =
          config.temporal() == null
              ? new TemporalSettings(null, null, null, null, null, null, null)
              : config.temporal();
      return new Loaded(path, temporal, config);
    } catch (ConfigException e) {
      throw new BadInputException(e.getMessage(), null, e);
    }
  }
}
