package dev.ferry.activities.testing;

import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.gcs.GcsType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fake-gcs-server process for tests: Google Cloud Storage's JSON API in memory, on a free
 * loopback port, without credentials. The binary is taken from the PATH, else from Go's install
 * directory; a missing binary fails the test class with the command that installs it. As a JUnit 5
 * extension it is started before a test class's first test and stopped after its last.
 */
public final class FakeGcsServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  /** The version the build installs and the tests were written against. */
  public static final String VERSION = "v1.56.1";

  /** How to install the server. */
  public static final String INSTALL = "go install github.com/fsouza/fake-gcs-server@" + VERSION;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Process process;
  private Path log;
  private int port;

  /** Starts the server and waits until its JSON API answers. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    Path binary =
        ServerProcess.executable("fake-gcs-server", VersitygwServer.goBinDirectories())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no fake-gcs-server binary on the PATH nor in Go's bin directory; install"
                            + " it with: "
                            + INSTALL));
    try {
      port = ServerProcess.freePort();
      log = Files.createTempFile("ferry-fake-gcs-", ".log");
      String host = "127.0.0.1:" + port;
      process =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "-scheme",
                      "http",
                      "-host",
                      "127.0.0.1",
                      "-port",
                      Integer.toString(port),
                      "-backend",
                      "memory",
                      "-public-host",
                      host,
                      // Where resumable uploads continue: the Location header of their session.
                      "-external-url",
                      endpoint(),
                      "-log-level",
                      "warn"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start fake-gcs-server; install it with: " + INSTALL, e);
    }
    awaitReady();
  }

  /** Stops the server; its objects, held in memory, are gone. */
  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    ServerProcess.stop(process);
    process = null;
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // A temporary log; the OS cleans up what is left.
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * A gcs profile called {@code name} for this server, chunks of {@code chunkSize} (0: default).
   */
  public BackendProfile profile(String name, long chunkSize) {
    return GcsType.emulatorProfile(name, endpoint(), chunkSize);
  }

  /** Creates a bucket through the JSON API. */
  public void createBucket(String bucket) {
    HttpRequest post =
        HttpRequest.newBuilder(URI.create(endpoint() + "/storage/v1/b?project=test"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + bucket + "\"}"))
            .build();
    HttpResponse<String> response = send(post);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "fake-gcs-server cannot create bucket " + bucket + ": " + response.body());
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("fake-gcs-server: " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted talking to fake-gcs-server", e);
    }
  }

  /** Waits until the bucket list answers, or fails with the log's tail. */
  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "fake-gcs-server exited early (install it with: " + INSTALL + "); log:\n" + tail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        HttpRequest list =
            HttpRequest.newBuilder(URI.create(endpoint() + "/storage/v1/b")).GET().build();
        if (send(list).statusCode() == 200) {
          return;
        }
      } catch (IOException | IllegalStateException notYet) {
        // Not listening yet.
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for fake-gcs-server", e);
      }
    }
    String tail = tail();
    close();
    throw new IllegalStateException("fake-gcs-server did not start within 60 s:\n" + tail);
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
