package dev.ferry.worker.host;

import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.ferry.worker.common.BadInputException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Prometheus metrics of a worker on {@code http://HOST:PORT/metrics}: the SDK's metrics (through
 * {@link MicrometerClientStatsReporter}) and whatever the activities record on the same scope.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final Scope scope;

  private MetricsServer(HttpServer server, Scope scope) {
    this.server = server;
    this.scope = scope;
  }

  /** Binds {@code port} on all interfaces and starts serving; port 0 picks a free one. */
  public static MetricsServer start(int port) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(5));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new BadInputException(
          "cannot serve metrics on port " + port + " (" + e.getMessage() + ")",
          "pick a free port with --metrics-port");
    }
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new MetricsServer(server, scope);
  }

  /** The scope to hand to the service stubs. */
  public Scope scope() {
    return scope;
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    try {
      scope.close();
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      // the last report is lost; the process is going away anyway
    } finally {
      server.stop(0);
    }
  }
}
