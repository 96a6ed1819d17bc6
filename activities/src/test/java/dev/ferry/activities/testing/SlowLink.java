package dev.ferry.activities.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback whose uploads (client to server) pass at a fixed rate, as on a slow link;
 * replies pass at once. A stand-in for a link the kernel here cannot slow (no netem).
 */
public final class SlowLink implements AutoCloseable {
  private static final int SLICE = 4096;

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final int bytesPerSecond;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** Starts forwarding to {@code targetPort} on loopback, uploads at {@code bytesPerSecond}. */
  public SlowLink(int targetPort, int bytesPerSecond) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.bytesPerSecond = bytesPerSecond;
    Thread accept = new Thread(this::accept, "slow-link-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        pump(client, server, bytesPerSecond);
        pump(server, client, 0);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Copies {@code from} to {@code to}, at most {@code rate} bytes a second (0: no limit). */
  static void pump(Socket from, Socket to, int rate) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[rate > 0 ? Math.min(SLICE, rate) : 65536];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  out.write(buffer, 0, n);
                  out.flush();
                  if (rate > 0) {
                    Thread.sleep(n * 1000L / rate);
                  }
                }
              } catch (IOException | InterruptedException e) {
                // a side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "slow-link-pump");
    t.setDaemon(true);
    t.start();
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(SlowLink::closeQuietly);
  }
}
