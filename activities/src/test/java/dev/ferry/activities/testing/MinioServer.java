package dev.ferry.activities.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MinIO server process for tests, used only when a {@code minio} binary is on the PATH: as a
 * JUnit 5 extension it skips the test class otherwise.
 */
public final class MinioServer extends ServerProcess {
  public static final String ACCESS_KEY = "ferry-minio-access";
  public static final String SECRET_KEY = "ferry-minio-secret-0123456789";

  /** A MinIO server with fixed test credentials. */
  public MinioServer() {
    super("MinIO", ACCESS_KEY, SECRET_KEY, "put a minio binary on the PATH");
  }

  /** The {@code minio} binary on the PATH, if any. */
  public static Optional<Path> binary() {
    return executable("minio", List.of());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Assumptions.assumeTrue(binary().isPresent(), "no minio binary on the PATH");
    start();
  }

  @Override
  protected ProcessBuilder command(Path dataDir, int port) throws IOException {
    Path minio =
        binary().orElseThrow(() -> new IllegalStateException("no minio binary on the PATH"));
    Path data = Files.createDirectories(dataDir.resolve("data"));
    ProcessBuilder builder =
        new ProcessBuilder(
            minio.toString(),
            "server",
            data.toString(),
            "--address",
            "127.0.0.1:" + port,
            "--console-address",
            "127.0.0.1:" + freePort());
    builder.environment().put("MINIO_ROOT_USER", ACCESS_KEY);
    builder.environment().put("MINIO_ROOT_PASSWORD", SECRET_KEY);
    return builder;
  }
}
