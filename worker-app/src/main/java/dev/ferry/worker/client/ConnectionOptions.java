package dev.ferry.worker.client;

import dev.ferry.worker.common.BadInputException;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * How a command finds Temporal and its config; mixed into every command.
 *
 * <p>It lives in client, not cli, because {@link Settings#resolve} reads it.
 */
public final class ConnectionOptions {
  private static final Pattern HOST_PORT =
      Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})$");

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
      var m = HOST_PORT.matcher(temporal);
      int port = m.matches() ? Integer.parseInt(m.group(2)) : -1;
      if (port < 1 || port > 65535) {
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
