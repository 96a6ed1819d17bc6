package dev.ferry.worker.client;

import dev.ferry.activities.config.TemporalSettings;
import dev.ferry.worker.common.BadInputException;
import picocli.CommandLine.Option;

/**
 * How a command finds Temporal and its config; mixed into every command.
 *
 * <p>It lives in client, not cli, because {@link Settings#resolve} reads it.
 */
public final class ConnectionOptions {
  @Option(
      names = "--temporal",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend address (default: ferry.yaml, else 127.0.0.1:7233).")
  String temporal;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Temporal namespace (default: ferry.yaml, else default).")
  String namespace;

  @Option(
      names = "--config",
      paramLabel = "F",
      description = "Config file (default: $FERRY_CONFIG, else ./ferry.yaml).")
  String config;

  /** The {@code --config} file given, or null for the usual search. */
  public String configPath() {
    return config;
  }

  @Option(
      names = "--embedded",
      description =
          "Run Temporal inside ferry: the dev server when a temporal binary is on the PATH,"
              + " else in memory.")
  public boolean embedded;

  @Option(names = "--debug", description = "Show stack traces and debug logs.")
  boolean debug;

  /** Checks the flags' shapes without contacting anything. */
  public void validate() {
    if (temporal != null) {
      if (!TemporalSettings.isHostPort(temporal)) {
        throw new BadInputException(
            "--temporal '" + temporal + "' is not HOST:PORT",
            "pass the Temporal frontend address, e.g. --temporal 127.0.0.1:7233");
      }
      if (embedded) {
        throw new BadInputException(
            "--temporal and --embedded exclude each other",
            "pass --temporal to use a running server, or --embedded to run one inside ferry");
      }
    }
    if (namespace != null && namespace.isBlank()) {
      throw new BadInputException(
          "--namespace is empty", "pass a namespace, e.g. --namespace default");
    }
  }
}
