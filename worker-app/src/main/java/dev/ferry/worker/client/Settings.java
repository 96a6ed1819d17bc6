package dev.ferry.worker.client;

import dev.ferry.activities.config.ConfigBackendResolver;
import dev.ferry.activities.config.ConfigException;
import dev.ferry.activities.config.FerryConfig;
import dev.ferry.activities.config.TemporalSettings;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.workflows.FerryNames;
import java.nio.file.Path;

/**
 * The effective connection settings of one command: flags over {@code ferry.yaml} over defaults.
 *
 * <p>{@code toString} leaves the API key out; nothing here is ever printed whole.
 */
public final class Settings {
  static final String DEFAULT_TARGET = "127.0.0.1:7233";
  static final String DEFAULT_NAMESPACE = "default";

  private final String configuredTarget;
  private final String namespace;
  private final String taskQueue;
  private final Tls tls;
  private final String apiKey;
  private final ConfigFiles.Loaded config;

  /** Client TLS material as file paths; all null for plaintext. */
  record Tls(Path cert, Path key, Path ca) {
    boolean enabled() {
      return cert != null || key != null || ca != null;
    }
  }

  private Settings(
      String configuredTarget,
      String namespace,
      String taskQueue,
      Tls tls,
      String apiKey,
      ConfigFiles.Loaded config) {
    this.configuredTarget = configuredTarget;
    this.namespace = namespace;
    this.taskQueue = taskQueue;
    this.tls = tls;
    this.apiKey = apiKey;
    this.config = config;
  }

  /** Merges the flags over the config file that {@code options} points to (if any). */
  public static Settings resolve(ConnectionOptions options) {
    ConfigFiles.Loaded config = ConfigFiles.load(options.config);
    TemporalSettings t = config.temporal();
    String target = first(options.temporal, t.target());
    return new Settings(
        target,
        first(options.namespace, t.namespace(), DEFAULT_NAMESPACE),
        first(t.taskQueue(), FerryNames.TASK_QUEUE),
        new Tls(t.tlsCert(), t.tlsKey(), t.tlsCa()),
        t.apiKey(),
        config);
  }

  /** True when a Temporal target was given by flag or config; else {@code run} goes embedded. */
  public boolean targetConfigured() {
    return configuredTarget != null;
  }

  /** The Temporal frontend address to dial. */
  public String target() {
    return configuredTarget == null ? DEFAULT_TARGET : configuredTarget;
  }

  public String namespace() {
    return namespace;
  }

  public String taskQueue() {
    return taskQueue;
  }

  Tls tls() {
    return tls;
  }

  /** How the connection is secured, for a line a user reads: never the key or a file's content. */
  public String security() {
    if (!tls.enabled() && apiKey == null) {
      return "plaintext";
    }
    String how = tls.cert() != null ? "mutual TLS" : "TLS";
    return apiKey == null ? how : how + " with an API key";
  }

  /** The API key for hosted Temporal, or null. A secret: never print it. */
  String apiKey() {
    return apiKey;
  }

  /** The config file in use, or null when none was found. */
  Path configPath() {
    return config.path();
  }

  /** The config (empty when no file was found). */
  public FerryConfig config() {
    return config.config();
  }

  /**
   * Fails as bad input when a profile names an unset environment variable. Clients check only the
   * profiles they use; a worker serves them all, and says so at start, not at a preflight.
   */
  public void requireUsableProfiles() {
    try {
      config.config().requireUsable();
    } catch (ConfigException e) {
      throw new BadInputException(e.getMessage(), null, e);
    }
  }

  /**
   * A new resolver for a worker to open backends with, over the config's profiles (where the
   * credentials live); the worker closes it when it stops.
   */
  public ConfigBackendResolver newResolver() {
    return new ConfigBackendResolver(config.config());
  }

  @Override
  public String toString() {
    return "Settings[target="
        + target()
        + ", namespace="
        + namespace
        + ", taskQueue="
        + taskQueue
        + ", tls="
        + tls.enabled()
        + ", apiKey="
        + (apiKey == null ? "none" : "set")
        + ", config="
        + configPath()
        + "]";
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
