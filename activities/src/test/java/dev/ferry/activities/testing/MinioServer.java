package dev.ferry.activities.testing;

import dev.ferry.activities.config.BackendProfile;
import io.minio.MinioAsyncClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MinIO server process for tests, used only when a {@code minio} binary is on the PATH: as a
 * JUnit 5 extension it skips the test class otherwise. Same small API as {@link S3ProxyServer}.
 */
public final class MinioServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  public static final String ACCESS_KEY = "ferry-minio-access";
  public static final String SECRET_KEY = "ferry-minio-secret-0123456789";
  public static final String REGION = "us-east-1";

  private Process process;
  private Path dataDir;
  private int port;
  private MinioAsyncClient adminClient;

  /** The {@code minio} binary on the PATH, if any. */
  public static Optional<Path> binary() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "minio");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Assumptions.assumeTrue(binary().isPresent(), "no minio binary on the PATH");
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts MinIO on a free loopback port with a temporary data directory. */
  public synchronized void start() {
    Path minio =
        binary().orElseThrow(() -> new IllegalStateException("no minio binary on the PATH"));
    try {
      dataDir = Files.createTempDirectory("ferry-minio-");
      port = ServerProcess.freePort();
      int consolePort = ServerProcess.freePort();
      Path log = dataDir.resolve("minio.log");
      Path data = Files.createDirectories(dataDir.resolve("data"));
      ProcessBuilder builder =
          new ProcessBuilder(
                  minio.toString(),
                  "server",
                  data.toString(),
                  "--address",
                  "127.0.0.1:" + port,
                  "--console-address",
                  "127.0.0.1:" + consolePort)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("MINIO_ROOT_USER", ACCESS_KEY);
      builder.environment().put("MINIO_ROOT_PASSWORD", SECRET_KEY);
      process = builder.start();
      ServerProcess.awaitPort(process, port, log, "MinIO");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start MinIO", e);
    }
  }

  @Override
  public synchronized void close() {
    if (adminClient != null) {
      adminClient.close();
      adminClient = null;
    }
    if (process != null) {
      ServerProcess.stop(process);
      process = null;
    }
    if (dataDir != null) {
      ServerProcess.deleteTree(dataDir);
      dataDir = null;
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** An s3 profile called {@code name} for this server. */
  public BackendProfile profile(String name) {
    return BackendProfile.s3(name, endpoint(), REGION, ACCESS_KEY, SECRET_KEY);
  }

  /** Creates a bucket. */
  public synchronized void createBucket(String name) {
    if (adminClient == null) {
      adminClient = ServerProcess.client(endpoint(), REGION, ACCESS_KEY, SECRET_KEY);
    }
    ServerProcess.createBucket(adminClient, name);
  }
}
