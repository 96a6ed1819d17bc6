package dev.ferry.activities.testing;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.azure.AzureType;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An Azurite blob service process for tests, on a free loopback port with a temporary data
 * directory, and Azurite's well-known development account. {@code azurite-blob} is looked up on the
 * PATH, then in npm's global bin directory; when it is missing the test class fails naming the
 * install command. As a JUnit 5 extension it starts before a class's first test and is stopped, its
 * data deleted, after the last.
 */
public final class AzuriteServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  /** Azurite's development account. */
  public static final String ACCOUNT = "devstoreaccount1";

  /** The development account's key, as Azurite's documentation publishes it. */
  public static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static final String INSTALL = "npm install -g azurite";

  private Process process;
  private Path dataDir;
  private Path log;
  private int port;

  /** Starts Azurite and waits until it accepts connections. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    Path binary =
        findBinary()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "azurite-blob not found on the PATH or in npm's global bin directory;"
                            + " install it with: "
                            + INSTALL));
    try {
      dataDir = Files.createTempDirectory("ferry-azurite-");
      log = dataDir.resolve("server.log");
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      process =
          new ProcessBuilder(
                  binary.toString(),
                  "--blobHost",
                  "127.0.0.1",
                  "--blobPort",
                  Integer.toString(port),
                  "--location",
                  dataDir.resolve("data").toString(),
                  "--loose",
                  "--skipApiVersionCheck",
                  "--disableTelemetry")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start Azurite; install it with: " + INSTALL, e);
    }
    awaitPort();
  }

  /** {@code http://127.0.0.1:PORT/devstoreaccount1}: the account's blob service URL. */
  public String endpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  /** An azure profile called {@code name} for this server with the account key. */
  public BackendProfile profile(String name, long blockSize) {
    return AzureType.profile(name, ACCOUNT, KEY, endpoint(), blockSize);
  }

  /** A client of container {@code name}, to look at what ferry stored apart from ferry. */
  public BlobContainerClient container(String name) {
    return new BlobServiceClientBuilder()
        .endpoint(endpoint())
        .credential(new StorageSharedKeyCredential(ACCOUNT, KEY))
        .buildClient()
        .getBlobContainerClient(name);
  }

  /** Creates a container (Azure naming rules apply). */
  public void createContainer(String name) {
    new BlobServiceClientBuilder()
        .endpoint(endpoint())
        .credential(new StorageSharedKeyCredential(ACCOUNT, KEY))
        .buildClient()
        .createBlobContainer(name);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      ServerProcess.stop(process);
      process = null;
    }
    if (dataDir != null) {
      try (Stream<Path> paths = Files.walk(dataDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // Temporary data; the OS cleans up what is left.
      }
      dataDir = null;
    }
  }

  /** {@code azurite-blob} from the PATH, else from {@code $(npm prefix -g)/bin}. */
  private static Optional<Path> findBinary() {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          dirs.add(Path.of(dir));
        }
      }
    }
    npmGlobalPrefix().ifPresent(prefix -> dirs.add(prefix.resolve("bin")));
    return dirs.stream()
        .map(dir -> dir.resolve("azurite-blob"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Optional<Path> npmGlobalPrefix() {
    try {
      Process npm = new ProcessBuilder("npm", "prefix", "-g").redirectErrorStream(true).start();
      String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return npm.waitFor(30, TimeUnit.SECONDS) && npm.exitValue() == 0 && !out.isEmpty()
          ? Optional.of(Path.of(out))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private void awaitPort() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Azurite exited early; its log ends:\n" + tail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Azurite", e);
        }
      }
    }
    close();
    throw new IllegalStateException("Azurite did not start within 60 s");
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
