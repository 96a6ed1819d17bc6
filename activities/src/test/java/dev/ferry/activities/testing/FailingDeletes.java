package dev.ferry.activities.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A TCP proxy on loopback in front of an S3 server that answers some single-object DELETEs itself
 * with 500 InternalError, as a store that fails on single keys; every other request and every reply
 * passes unchanged, so signatures still hold. It reads requests to find where each ends: bodies are
 * sent with a Content-Length, as the S3 client does.
 */
public final class FailingDeletes implements AutoCloseable {
  private static final byte[] ERROR =
      ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code><Message>We"
              + " encountered an internal error. Please try again.</Message></Error>")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Predicate<String> fails;
  private final AtomicInteger refused = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /**
   * Starts forwarding to {@code targetPort} on loopback; a DELETE whose decoded path ({@code
   * /bucket/key}) {@code fails} accepts is answered with a 500 (asked once per DELETE).
   */
  public FailingDeletes(int targetPort, Predicate<String> fails) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.fails = fails;
    Thread accept = new Thread(this::accept, "failing-deletes-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** DELETEs answered with a 500 so far. */
  public int refused() {
    return refused.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(server);
        Thread requests = new Thread(() -> requests(client, server), "failing-deletes-requests");
        requests.setDaemon(true);
        requests.start();
        SlowLink.pump(server, client, 0);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Forwards the client's requests one by one, answering the failing DELETEs itself. */
  private void requests(Socket client, Socket server) {
    try (InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream up = server.getOutputStream()) {
      for (byte[] head; (head = head(in)) != null; ) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] line = text.substring(0, text.indexOf("\r\n")).split(" ");
        byte[] body = in.readNBytes(contentLength(text));
        String path = URLDecoder.decode(line[1].split("\\?")[0], StandardCharsets.UTF_8);
        if (line[0].equals("DELETE") && !line[1].contains("?") && fails.test(path)) {
          refused.incrementAndGet();
          answer500(client);
          continue;
        }
        up.write(head);
        up.write(body);
        up.flush();
      }
    } catch (IOException e) {
      // a side closed
    } finally {
      SlowLink.closeQuietly(client);
      SlowLink.closeQuietly(server);
    }
  }

  /** The request's line and headers, through the blank line; null at the end of the stream. */
  private static byte[] head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; (b = in.read()) >= 0; ) {
      head.write(b);
      matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toByteArray();
      }
    }
    return null;
  }

  private static int contentLength(String head) {
    for (String header : head.split("\r\n")) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(header.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }

  private static void answer500(Socket client) throws IOException {
    OutputStream out = client.getOutputStream();
    String head =
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\nContent-Length: "
            + ERROR.length
            + "\r\n\r\n";
    synchronized (out) {
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(ERROR);
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(SlowLink::closeQuietly);
  }
}
