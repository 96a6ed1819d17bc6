package dev.ferry.worker.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports: picking free ones and waiting until a server listens on one. */
final class Ports {
  private Ports() {}

  /** A port that was free a moment ago. */
  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until 127.0.0.1:port accepts connections; fails after {@code timeout}. */
  static void awaitListening(int port, Duration timeout, OsProcess owner) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      owner.assertAlive();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        Waits.sleep(Duration.ofMillis(200));
      }
    }
    throw new IllegalStateException(owner + " did not listen on port " + port + " in " + timeout);
  }
}
