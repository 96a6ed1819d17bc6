import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy for the benchmark that adds latency: every byte is delivered DELAY_MS after it was
 * read, in each direction, so a request/response round trip gains 2 x DELAY_MS while throughput
 * stays what the two ends allow (chunks are queued, not sent one at a time). The kernel here has
 * no netem; this stands in for it.
 *
 * <p>Usage: {@code java Proxy.java LISTEN_PORT TARGET_HOST:PORT DELAY_MS}. Listens on loopback
 * and prints "ready" once it accepts connections.
 */
public final class Proxy {
  private static final int CHUNK = 64 * 1024;

  /** At most this many chunks wait per direction: the reader blocks behind a slow writer. */
  private static final int QUEUE = 256;

  private static final Chunk END = new Chunk(new byte[0], 0, 0);

  private record Chunk(byte[] bytes, int length, long dueNanos) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: java Proxy.java LISTEN_PORT TARGET_HOST:PORT DELAY_MS");
      System.exit(2);
    }
    int listenPort = Integer.parseInt(args[0]);
    String[] target = args[1].split(":");
    InetSocketAddress upstream = new InetSocketAddress(target[0], Integer.parseInt(target[1]));
    long delayNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2]));
    try (ServerSocket server = new ServerSocket(listenPort, 512, InetAddress.getLoopbackAddress())) {
      System.out.println("ready");
      System.out.flush();
      while (true) {
        Socket client = server.accept();
        daemon(() -> connect(client, upstream, delayNanos));
      }
    }
  }

  private static void connect(Socket client, InetSocketAddress upstream, long delayNanos) {
    Socket server = new Socket();
    try {
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
      server.connect(upstream);
    } catch (IOException e) {
      closeQuietly(client, server);
      return;
    }
    AtomicInteger open = new AtomicInteger(2); // directions still open; both ended: close
    pipe(client, server, delayNanos, open);
    pipe(server, client, delayNanos, open);
  }

  /** Bytes from {@code from} to {@code to}, each held back until delayNanos after its read. */
  private static void pipe(Socket from, Socket to, long delayNanos, AtomicInteger open) {
    BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE);
    daemon(() -> read(from, to, queue, delayNanos));
    daemon(() -> write(from, to, queue, open));
  }

  private static void read(Socket from, Socket to, BlockingQueue<Chunk> queue, long delayNanos) {
    try {
      InputStream in = from.getInputStream();
      while (true) {
        byte[] buffer = new byte[CHUNK];
        int n = in.read(buffer);
        if (n < 0) {
          queue.put(END);
          return;
        }
        // A short read keeps a small array, so a queue of many small chunks stays small.
        byte[] bytes = n < CHUNK / 4 ? Arrays.copyOf(buffer, n) : buffer;
        queue.put(new Chunk(bytes, n, System.nanoTime() + delayNanos));
      }
    } catch (IOException | InterruptedException e) {
      queue.offer(END);
      closeQuietly(from, to);
    }
  }

  private static void write(
      Socket from, Socket to, BlockingQueue<Chunk> queue, AtomicInteger open) {
    try {
      OutputStream out = to.getOutputStream();
      while (true) {
        Chunk chunk = queue.take();
        if (chunk == END) {
          if (open.decrementAndGet() == 0) {
            closeQuietly(from, to);
          } else {
            to.shutdownOutput(); // half-close: the other direction may still be talking
          }
          return;
        }
        long wait = chunk.dueNanos() - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        out.write(chunk.bytes(), 0, chunk.length());
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      closeQuietly(from, to);
    }
  }

  private static void closeQuietly(Socket... sockets) {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Already closed by the other direction.
      }
    }
  }

  private static void daemon(Runnable body) {
    Thread thread = new Thread(body);
    thread.setDaemon(true);
    thread.start();
  }
}
