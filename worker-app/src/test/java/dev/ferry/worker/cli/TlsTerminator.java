package dev.ferry.worker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS front for a plaintext gRPC server, as a load balancer before a Temporal frontend is: it
 * offers HTTP/2 by ALPN (gRPC clients insist on it), asks every client for a certificate signed by
 * the given authority, and pipes the decrypted bytes to the server. The dev server speaks no TLS.
 */
final class TlsTerminator implements AutoCloseable {
  private final SSLServerSocket listener;

  private TlsTerminator(SSLServerSocket listener) {
    this.listener = listener;
  }

  /**
   * Listens on a free loopback port with the key and certificate of {@code keyStore}, requiring
   * client certificates signed by {@code clientCa} (none when null), and forwards to {@code
   * backendPort}.
   */
  static TlsTerminator start(Path keyStore, Path clientCa, int backendPort) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        keys.load(in, TestPki.PASSWORD);
      }
      KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      km.init(keys, TestPki.PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(km.getKeyManagers(), clientCa == null ? null : trust(clientCa), null);
      SSLServerSocket listener =
          (SSLServerSocket)
              context
                  .getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      SSLParameters parameters = listener.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2"});
      parameters.setNeedClientAuth(clientCa != null);
      listener.setSSLParameters(parameters);
      TlsTerminator terminator = new TlsTerminator(listener);
      daemon("tls-accept", () -> terminator.accept(backendPort));
      return terminator;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrustManager[] trust(Path ca) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(ca)) {
      trusted.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tm =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tm.init(trusted);
    return tm.getTrustManagers();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept(int backendPort) {
    while (!listener.isClosed()) {
      try {
        SSLSocket client = (SSLSocket) listener.accept();
        daemon("tls-connection", () -> forward(client, backendPort));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void forward(SSLSocket client, int backendPort) {
    try (client;
        Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
      client.startHandshake();
      Thread up = daemon("tls-up", () -> pipe(client, backend));
      pipe(backend, client);
      up.join();
    } catch (IOException e) {
      // a refused handshake or a closed connection ends this connection only
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other side closed
    }
    closeQuietly(to); // either side's end ends the connection
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
