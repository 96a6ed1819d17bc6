package dev.ferry.worker.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/** Loopback ports: picking free ones and waiting until a server listens on one. */
final class Ports {
  private static final int LOWEST_FIXED = 10_000;
  private static final Random RANDOM = new Random();
  private static final Set<Integer> handedOut = new HashSet<>();

  private Ports() {}

  /** A port that was free a moment ago. */
  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A free port below the kernel's ephemeral range, for a server restarted on the same port. While
   * such a server is down, any outgoing connection on the machine may take a port of that range as
   * its local port, and the restarted server then cannot bind it.
   */
  static synchronized int freeForRestarts() {
    int ephemeralLow = ephemeralRangeStart();
    for (int attempt = 0; attempt < 200 && ephemeralLow > LOWEST_FIXED + 1000; attempt++) {
      int candidate = LOWEST_FIXED + RANDOM.nextInt(ephemeralLow - LOWEST_FIXED);
      if (handedOut.contains(candidate)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate), 1);
        handedOut.add(candidate);
        return candidate;
      } catch (IOException e) {
        // Taken: try another.
      }
    }
    return free();
  }

  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32768; // Linux's default
    }
  }

  /** Waits until 127.0.0.1:port accepts connections; fails after {@code timeout}. */
  static void awaitListening(int port, Duration timeout, OsProcess owner) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      owner.assertAlive();
      if (accepts(port)) {
        return;
      }
      Waits.sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(owner + " did not listen on port " + port + " in " + timeout);
  }

  /** Whether 127.0.0.1:port accepts a connection within half a second. */
  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
