package dev.ferry.activities.config;

/**
 * A problem with the ferry configuration or a location string.
 *
 * <p>The message is one line that names the problem and the fix, suitable for showing to a user as
 * is; it never contains a secret.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
