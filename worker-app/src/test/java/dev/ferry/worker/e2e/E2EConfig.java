package dev.ferry.worker.e2e;

import dev.ferry.activities.testing.AzuriteServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ferry.yaml} a scenario's workers and clients share: the suite's dev server on a task
 * queue of the scenario's own, and its profiles, whose secrets come from the environment.
 */
final class E2EConfig {
  private E2EConfig() {}

  /** Writes {@code dir/ferry.yaml} for {@code taskQueue} with {@code backends}' lines. */
  static Path write(E2EEnvironment env, Path dir, String taskQueue, String... backends)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("# Written by the end-to-end suite; secrets come from the environment.");
    lines.add("temporal:");
    lines.add("  target: " + env.temporal().address());
    lines.add("  namespace: " + E2EEnvironment.NAMESPACE);
    lines.add("  taskQueue: " + taskQueue);
    lines.add("backends:");
    lines.addAll(List.of(backends));
    lines.add("");
    return Files.writeString(dir.resolve("ferry.yaml"), String.join("\n", lines));
  }

  /**
   * An s3 profile {@code name} at {@code endpoint}, its keys from {@code ${keyVar}_ACCESS} and
   * {@code ${keyVar}_SECRET}, with {@code extra} options (e.g. {@code ", storageClass: X"}).
   */
  static String s3(String name, String endpoint, String keyVar, String extra) {
    return "  "
        + name
        + ": { type: s3, endpoint: "
        + endpoint
        + ", region: us-east-1, accessKey: ${"
        + keyVar
        + "_ACCESS}, secretKey: ${"
        + keyVar
        + "_SECRET}"
        + extra
        + " }";
  }

  /** An azure profile {@code name} on {@code azurite}, its key from {@code ${keyVar}}. */
  static String azure(String name, AzuriteServer azurite, String keyVar, String extra) {
    return "  "
        + name
        + ": { type: azure, account: "
        + AzuriteServer.ACCOUNT
        + ", key: ${"
        + keyVar
        + "}, endpoint: "
        + azurite.endpoint()
        + extra
        + " }";
  }
}
