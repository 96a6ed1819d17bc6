package dev.ferry.activities.config;

import dev.ferry.activities.storage.BackendProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The worker and client configuration read from {@code ferry.yaml}.
 *
 * <pre>
 * temporal: { target: 127.0.0.1:7233, namespace: default, taskQueue: ferry }
 * backends:
 *   src:     { type: s3, endpoint: http://127.0.0.1:9000, region: us-east-1,
 *              accessKey: ${SRC_ACCESS_KEY}, secretKey: ${SRC_SECRET_KEY} }
 *   archive: { type: file, root: /srv/archive }
 * </pre>
 *
 * <p>{@code ${VAR}} in any value is replaced by the environment variable {@code VAR} ({@code
 * ${VAR:-fallback}} gives a fallback), so secrets can stay out of the file.
 *
 * @param temporal the {@code temporal:} section, or null when the file has none
 * @param backends the profiles by name, in file order; never null
 * @param source the file this was read from, or null when built in code
 * @param unusable profiles that cannot be used (an option missing or malformed, a value naming an
 *     unset environment variable), each with the message that says why: using one fails with it,
 *     and {@link #requireUsable} fails for any
 */
public record FerryConfig(
    TemporalSettings temporal,
    Map<String, BackendProfile> backends,
    Path source,
    Map<String, String> unusable) {

  /** The file looked for in the working directory when no other is named. */
  public static final String DEFAULT_FILE_NAME = "ferry.yaml";

  /** The environment variable naming the config file. */
  public static final String ENV_VAR = "FERRY_CONFIG";

  public FerryConfig {
    backends =
        backends == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(backends));
    unusable =
        unusable == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(unusable));
  }

  /** A config read from {@code source} whose profiles are all usable. */
  public FerryConfig(TemporalSettings temporal, Map<String, BackendProfile> backends, Path source) {
    this(temporal, backends, source, Map.of());
  }

  /** A config built in code (tests, embedded mode). */
  public FerryConfig(TemporalSettings temporal, Map<String, BackendProfile> backends) {
    this(temporal, backends, null);
  }

  /** A config with no Temporal section and no profiles: only local paths can be used. */
  public static FerryConfig empty() {
    return new FerryConfig(null, Map.of(), null);
  }

  /**
   * This config, if every profile can be used; a worker checks so at start, to fail there rather
   * than at a migration's preflight.
   *
   * @throws ConfigException naming every unusable profile's problem
   */
  public FerryConfig requireUsable() {
    if (!unusable.isEmpty()) {
      throw new ConfigException(String.join("; ", unusable.values()));
    }
    return this;
  }

  /**
   * Reads and validates {@code file}, interpolating {@code ${VAR}} from the process environment.
   *
   * @throws ConfigException when the file is unreadable, not valid YAML or its temporal: section is
   *     invalid; an invalid profile fails only where it is used (see {@link #unusable})
   */
  public static FerryConfig load(Path file) {
    return load(file, System::getenv);
  }

  /** Like {@link #load(Path)} with {@code env} looking up variables (null when unset). */
  public static FerryConfig load(Path file, UnaryOperator<String> env) {
    return new ConfigParser(file, env).parse();
  }

  /**
   * Finds the config file: {@code explicitPath} (from {@code --config}) if given, else {@code
   * $FERRY_CONFIG} if set, else {@code ./ferry.yaml} if it exists.
   *
   * @return the file, or null when none was asked for and {@code ./ferry.yaml} does not exist
   * @throws ConfigException when the named file does not exist
   */
  public static Path locate(String explicitPath) {
    return locate(explicitPath, System::getenv, Path.of(""));
  }

  /** Like {@link #locate(String)} with the environment and working directory given. */
  public static Path locate(String explicitPath, UnaryOperator<String> env, Path workingDir) {
    if (explicitPath != null && explicitPath.isBlank()) {
      // Often an unset shell variable (--config "$CFG"): never quietly fall back to another file.
      throw new ConfigException(
          "--config is empty; name a file, or leave --config out to use $"
              + ENV_VAR
              + " or ./"
              + DEFAULT_FILE_NAME);
    }
    if (explicitPath != null) {
      Path file = workingDir.resolve(explicitPath).toAbsolutePath().normalize();
      requireFile(file, "--config " + explicitPath);
      return file;
    }
    String fromEnv = env.apply(ENV_VAR);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path file = workingDir.resolve(fromEnv).toAbsolutePath().normalize();
      requireFile(file, "$" + ENV_VAR + "=" + fromEnv);
      return file;
    }
    Path file = workingDir.resolve(DEFAULT_FILE_NAME).toAbsolutePath().normalize();
    return Files.isRegularFile(file) ? file : null;
  }

  private static void requireFile(Path file, String origin) {
    if (!Files.exists(file)) {
      throw new ConfigException(
          "config file "
              + file
              + " (from "
              + origin
              + ") does not exist; create it or fix the path");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          "config file " + file + " (from " + origin + ") is not a regular file; fix the path");
    }
  }

  /**
   * The profile called {@code name}.
   *
   * @throws ConfigException naming the known profiles when there is none by that name
   */
  public BackendProfile profile(String name) {
    BackendProfile profile = backends.get(name);
    if (profile == null && unusable.containsKey(name)) {
      throw new ConfigException(unusable.get(name));
    }
    if (profile == null) {
      throw new ConfigException(unknownProfileMessage(name));
    }
    return profile;
  }

  /** Whether a usable profile called {@code name} is configured. */
  public boolean hasUsableProfile(String name) {
    return backends.containsKey(name);
  }

  /** URL schemes people paste where a location goes; no profile of the config has the name. */
  private static final Set<String> URL_SCHEMES =
      Set.of("http", "https", "s3", "s3a", "gs", "az", "abfs", "abfss", "wasb", "wasbs");

  /** The one-line message for a location naming a profile this config does not have. */
  String unknownProfileMessage(String name) {
    String where = source == null ? "the config" : source.toString();
    if (URL_SCHEMES.contains(name.toLowerCase(Locale.ROOT))) {
      return "'"
          + name
          + ":' starts a URL, and ferry takes no URLs as locations: add a profile for that store"
          + " under backends: in "
          + where
          + " (its type, endpoint and credentials), then write NAME:BUCKET/PREFIX";
    }
    String known =
        names().isEmpty()
            ? "no profiles are configured"
            : "known profiles: " + String.join(", ", names());
    return "unknown profile '"
        + name
        + "' ("
        + known
        + "); add it under backends: in "
        + where
        + ", or write ./"
        + name
        + ":... for a local path";
  }

  /** Every profile's name, usable or not, in file order of each kind. */
  private List<String> names() {
    List<String> names = new ArrayList<>(backends.keySet());
    names.addAll(unusable.keySet());
    return names;
  }
}
