package dev.ferry.worker.client;

import com.uber.m3.tally.Scope;
import dev.ferry.activities.storage.NetworkFaults;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.TemporalConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Dials a Temporal frontend (plaintext, TLS, mutual TLS or API key) and proves it answers for the
 * namespace before a command goes on, so that an unreachable server is bad input, not a hang.
 */
public final class TemporalConnector {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private TemporalConnector() {}

  /**
   * Opens a connection whose stubs answered, for a client command: a refused connection is reported
   * at once (in about a second, not after the 5 s a server gets to come up), as the temporal CLI
   * does.
   */
  public static TemporalConnection connect(Settings settings) {
    return connect(settings, null, false);
  }

  /**
   * Opens a connection whose stubs answered, for a worker, which gives a server that is still
   * starting 5 s to answer; {@code metrics} may be null.
   */
  public static TemporalConnection connectWorker(Settings settings, Scope metrics) {
    return connect(settings, metrics, true);
  }

  /**
   * @param worker whether a worker connects: it waits for a server still starting, and is offered
   *     no --embedded (an embedded ferry run hosts a worker of its own)
   */
  private static TemporalConnection connect(Settings settings, Scope metrics, boolean worker) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(settings.target());
    if (settings.tls().enabled() || settings.apiKey() != null) {
      options.setEnableHttps(true);
      if (settings.tls().enabled()) {
        options.setSslContext(sslContext(settings.tls()));
      }
    }
    if (settings.apiKey() != null) {
      String key = settings.apiKey();
      options.addApiKey(() -> key);
    }
    if (metrics != null) {
      options.setMetricsScope(metrics);
    }
    EventLoopGroup loop = TemporalConnection.ownEventLoop(options);
    WorkflowServiceStubs stubs;
    try {
      stubs =
          worker
              ? WorkflowServiceStubs.newConnectedServiceStubs(options.build(), CONNECT_TIMEOUT)
              : WorkflowServiceStubs.newServiceStubs(options.build());
    } catch (RuntimeException e) {
      TemporalConnection.stop(loop);
      throw unreachable(settings, e, worker);
    }
    TemporalConnection connection = new TemporalConnection(stubs, loop);
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .describeNamespace(
              DescribeNamespaceRequest.newBuilder().setNamespace(settings.namespace()).build());
    } catch (StatusRuntimeException e) {
      connection.close();
      throw namespaceProblem(settings, e, worker);
    }
    return connection;
  }

  private static BadInputException unreachable(
      Settings settings, RuntimeException e, boolean worker) {
    String orEmbedded = worker ? "" : ", or use --embedded";
    Status.Code code = statusCode(e);
    if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
      return new BadInputException(
          "Temporal at " + settings.target() + " refused the credentials (" + code + ")",
          "check the API key or the TLS certificate in the config's temporal section",
          e);
    }
    String unknownHost = NetworkFaults.unknownHost(e);
    if (unknownHost != null) {
      return new BadInputException(
          "cannot reach Temporal at "
              + settings.target()
              + ": no host is named '"
              + unknownHost
              + "'",
          "correct the host (--temporal HOST:PORT or the config's temporal.target)" + orEmbedded,
          e);
    }
    boolean tls = settings.tls().enabled() || settings.apiKey() != null;
    BadInputException handshake = tls ? TlsFailures.explain(settings, e) : null;
    if (handshake != null) {
      return handshake;
    }
    if (tls && Causes.first(e, SSLException.class) != null) {
      // An API key or a certificate turns TLS on; a plaintext server (a dev server) cannot answer.
      return new BadInputException(
          "cannot reach Temporal at " + settings.target() + " over TLS: the handshake failed",
          "check that the server takes TLS there; the config's temporal apiKey or tlsCert turns"
              + " TLS on (remove it for a plaintext server such as a dev server)",
          e);
    }
    if (code == Status.Code.INTERNAL || code == Status.Code.UNIMPLEMENTED) {
      // Something answers there, but not in gRPC as Temporal does: an HTTP server, say.
      return new BadInputException(
          "something answers at "
              + settings.target()
              + ", but not as a Temporal server ("
              + code
              + ")",
          "give Temporal's gRPC port (7233 by default; not its Web UI's or a store's) with"
              + " --temporal HOST:PORT or the config's temporal.target",
          e);
    }
    return new BadInputException(
        "cannot reach Temporal at "
            + settings.target()
            + " ("
            + (code == null ? "error" : code)
            + ")",
        "start it (e.g. temporal server start-dev), pass --temporal HOST:PORT" + orEmbedded,
        e);
  }

  private static BadInputException namespaceProblem(
      Settings settings, StatusRuntimeException e, boolean worker) {
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.NOT_FOUND) {
      return new BadInputException(
          "namespace '" + settings.namespace() + "' does not exist at " + settings.target(),
          "create it (temporal operator namespace create) or pass --namespace",
          e);
    }
    return unreachable(settings, e, worker);
  }

  private static Status.Code statusCode(Throwable e) {
    StatusRuntimeException status = Causes.first(e, StatusRuntimeException.class);
    return status == null ? null : status.getStatus().getCode();
  }

  private static SslContext sslContext(Settings.Tls tls) {
    if ((tls.cert() == null) != (tls.key() == null)) {
      throw new BadInputException(
          "the config's temporal section has only one of tlsCert and tlsKey",
          "give both (mutual TLS) or neither (server TLS only)");
    }
    try {
      SimpleSslContextBuilder builder;
      if (tls.cert() != null) {
        try (InputStream cert = open("tlsCert", tls.cert());
            InputStream key = open("tlsKey", tls.key())) {
          builder = SimpleSslContextBuilder.forPKCS8(cert, key);
          trust(builder, tls.ca());
          return builder.build();
        }
      }
      builder = SimpleSslContextBuilder.noKeyOrCertChain();
      trust(builder, tls.ca());
      return builder.build();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new BadInputException(
          "cannot read the TLS files of the config's temporal section as PEM",
          "tlsCert and tlsCa must be PEM certificates, tlsKey a PEM PKCS#8 key",
          e);
    }
  }

  private static void trust(SimpleSslContextBuilder builder, Path caFile)
      throws IOException, GeneralSecurityException {
    if (caFile == null) {
      return;
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = open("tlsCa", caFile)) {
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    builder.setTrustManager(factory.getTrustManagers()[0]);
  }

  private static InputStream open(String field, Path path) throws IOException {
    if (!Files.isReadable(path)) {
      throw new BadInputException(
          "temporal." + field + " file " + path + " is missing or unreadable",
          "fix the path in the config's temporal section");
    }
    return Files.newInputStream(path);
  }
}
