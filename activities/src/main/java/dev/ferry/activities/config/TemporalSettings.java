package dev.ferry.activities.config;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach Temporal, from the {@code temporal:} section of {@code ferry.yaml}.
 *
 * <p>YAML keys: {@code target}, {@code namespace}, {@code taskQueue}, {@code tlsCert}, {@code
 * tlsKey}, {@code tlsCa}, {@code apiKey}. Relative TLS file paths are resolved against the config
 * file's directory.
 *
 * @param target {@code host:port} of the frontend, or null when not configured
 * @param namespace the namespace; {@code default} when absent
 * @param taskQueue the task queue; {@code ferry} when absent
 * @param tlsCert client certificate (PEM) for mTLS, or null
 * @param tlsKey client private key (PEM) for mTLS, or null
 * @param tlsCa CA bundle (PEM) to trust for the server, or null for the system trust
 * @param apiKey API key for hosted Temporal, or null; never shown by {@link #toString()}
 */
public record TemporalSettings(
    String target,
    String namespace,
    String taskQueue,
    Path tlsCert,
    Path tlsKey,
    Path tlsCa,
    String apiKey) {

  /** The namespace used when none is configured. */
  public static final String DEFAULT_NAMESPACE = "default";

  /** The task queue used when none is configured. */
  public static final String DEFAULT_TASK_QUEUE = "ferry";

  private static final Pattern HOST_PORT =
      Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})$");

  /** Whether {@code target} is HOST:PORT (a name or address, and a port in 1..65535). */
  public static boolean isHostPort(String target) {
    Matcher m = HOST_PORT.matcher(target);
    if (!m.matches()) {
      return false;
    }
    int port = Integer.parseInt(m.group(2));
    return port >= 1 && port <= 65535;
  }

  public TemporalSettings {
    namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
    taskQueue = taskQueue == null || taskQueue.isBlank() ? DEFAULT_TASK_QUEUE : taskQueue;
  }

  /** Settings for a plain connection to {@code target} with the default namespace and queue. */
  public static TemporalSettings of(String target) {
    return new TemporalSettings(target, null, null, null, null, null, null);
  }

  /** Whether the connection uses TLS: any TLS file or an API key is configured. */
  public boolean usesTls() {
    return tlsCert != null || tlsKey != null || tlsCa != null || apiKey != null;
  }

  /** Shows every field except the API key, which appears only as {@code ***} when set. */
  @Override
  public String toString() {
    return "TemporalSettings[target="
        + target
        + ", namespace="
        + namespace
        + ", taskQueue="
        + taskQueue
        + ", tlsCert="
        + tlsCert
        + ", tlsKey="
        + tlsKey
        + ", tlsCa="
        + tlsCa
        + ", apiKey="
        + (apiKey == null ? "null" : "***")
        + "]";
  }
}
