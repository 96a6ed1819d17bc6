package dev.ferry.activities.testing;

import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the S3 server harnesses share: ports, readiness, stopping, bucket creation, cleanup. */
final class ServerProcess {
  private ServerProcess() {}

  /** A loopback port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Waits until {@code process} accepts connections on {@code port}.
   *
   * @throws IllegalStateException with the log's tail when it exits or does not come up in time
   */
  static void awaitPort(Process process, int port, Path log, String name) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited early:\n" + tail(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    stop(process);
    throw new IllegalStateException(name + " did not start within 90 s:\n" + tail(log));
  }

  /** Terminates {@code process} (forcibly if it lingers) and waits for it. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An admin client for creating buckets. */
  static MinioAsyncClient client(
      String endpoint, String region, String accessKey, String secretKey) {
    return MinioAsyncClient.builder()
        .endpoint(endpoint)
        .region(region)
        .credentials(accessKey, secretKey)
        .build();
  }

  static void createBucket(MinioAsyncClient client, String name) {
    try {
      client.makeBucket(MakeBucketArgs.builder().bucket(name).build()).join();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot create bucket " + name + ": " + e, e);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Temporary data; the OS cleans up what is left.
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a server", e);
    }
  }
}
