package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.NoDelaySocketFactory;
import dev.ferry.activities.storage.TransferDispatchers;
import io.minio.Http;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The HTTP stack of one S3 profile's clients, with room for every transfer's request (see {@link
 * TransferDispatchers}).
 *
 * <p>TLS is set up only where it is used, and once per process. The MinIO client's default stack
 * trusts the JDK's certificates and those that SSL_CERT_FILE and SSL_CERT_DIR name, and reads and
 * parses every one of them each time it is built: half a second or more of a fresh JVM's time per
 * profile where those name a system's bundle, paid before a migration's first request. So an {@code
 * http://} endpoint gets a stack that speaks only cleartext (and sets no TLS up), and {@code
 * https://} endpoints share one default stack, built by the first of them.
 */
final class S3HttpClient {
  private static final long CONNECT_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);
  private static final long IO_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);

  private S3HttpClient() {}

  /** A new stack (its own connection pool and dispatcher) for {@code endpoint}. */
  static OkHttpClient forEndpoint(String endpoint) {
    OkHttpClient.Builder base = isCleartext(endpoint) ? cleartext() : Tls.DEFAULT.newBuilder();
    return base.dispatcher(TransferDispatchers.create())
        .socketFactory(new NoDelaySocketFactory())
        .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
        .connectTimeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .writeTimeout(IO_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .readTimeout(IO_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .build();
  }

  static boolean isCleartext(String endpoint) {
    return endpoint != null && endpoint.toLowerCase(Locale.ROOT).startsWith("http://");
  }

  /** What the MinIO client's default stack is (HTTP/1.1, its retry of 5xx answers), without TLS. */
  private static OkHttpClient.Builder cleartext() {
    return new OkHttpClient.Builder()
        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
        .protocols(List.of(Protocol.HTTP_1_1))
        .addInterceptor(new Http.StatusRetryInterceptor());
  }

  /** Built on first use, so that only a process with an https endpoint reads certificates. */
  private static final class Tls {
    static final OkHttpClient DEFAULT = Http.newDefaultClient();
  }
}
