package dev.ferry.worker.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on loopback in front of one server that counts every byte its clients send to
 * that server: what ferry uploads, measured outside ferry. Bytes pass unchanged (an S3 request
 * signed for the proxy's host and port is checked by the server against the same Host header).
 * Requests and headers count too, a few hundred bytes per request next to megabytes of parts.
 */
final class ByteCountingProxy implements AutoCloseable {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final AtomicLong toServer = new AtomicLong();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread t = new Thread(task, "byte-counting-proxy");
            t.setDaemon(true);
            return t;
          });

  private ByteCountingProxy(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
  }

  /** Starts forwarding a free loopback port to {@code endpoint} ({@code http://HOST:PORT}). */
  static ByteCountingProxy start(String endpoint) {
    URI uri = URI.create(endpoint);
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      ByteCountingProxy proxy =
          new ByteCountingProxy(listener, new InetSocketAddress(uri.getHost(), uri.getPort()));
      proxy.threads.execute(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for a proxy to " + endpoint, e);
    }
  }

  /** {@code http://127.0.0.1:PORT}: where clients connect instead of the server. */
  String endpoint() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** Bytes the clients have sent to the server so far, over every connection. */
  long bytesToServer() {
    return toServer.get();
  }

  @Override
  public void close() {
    closeQuietly(listener);
    open.forEach(ByteCountingProxy::closeQuietly);
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        forward(listener.accept());
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  private void forward(Socket client) {
    Socket server = new Socket();
    try {
      server.connect(target, CONNECT_TIMEOUT_MILLIS);
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(server);
      return;
    }
    open.add(client);
    open.add(server);
    AtomicInteger directions = new AtomicInteger(2);
    threads.execute(() -> pump(client, server, toServer, directions));
    threads.execute(() -> pump(server, client, new AtomicLong(), directions));
  }

  /**
   * Copies {@code from} to {@code to} until end of stream and passes the end on (HTTP clients
   * half-close); the second direction to end closes both sockets. A reset (a killed worker's
   * connections) closes both at once.
   */
  private void pump(Socket from, Socket to, AtomicLong counter, AtomicInteger directions) {
    byte[] buffer = new byte[BUFFER_BYTES];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) > 0; ) {
        counter.addAndGet(n);
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
      if (directions.decrementAndGet() > 0) {
        return;
      }
    } catch (IOException e) {
      // One side went away; the other must not wait for it.
    }
    closeQuietly(from);
    closeQuietly(to);
    open.remove(from);
    open.remove(to);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing is best effort: a test that ends must not fail on its proxy.
    }
  }
}
