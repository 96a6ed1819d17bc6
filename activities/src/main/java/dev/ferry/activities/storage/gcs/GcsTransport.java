package dev.ferry.activities.storage.gcs;

import com.google.api.client.http.HttpContent;
import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The client's HTTP options with a write timeout, which Google's client leaves unset: a request
 * whose body stops moving (a black-holed connection) fails after {@link #WRITE_TIMEOUT_MS} rather
 * than when the kernel gives up on it, as S3's and Azure's clients do. Writes that wait for such a
 * request keep the range's heartbeat going ({@link dev.ferry.activities.storage.SlowSends}), so
 * this timeout is what ends them.
 *
 * <p>The client enforces a write timeout by starting a new thread for each request that has one, so
 * a body of at most {@link #UNTIMED_BODY} bytes goes without: it fits in the socket's buffers, its
 * write cannot block, and the read timeout ends a request whose answer never comes. The client
 * sends even an object held in memory as a stream of unknown length, so the writer says which
 * uploads are that small ({@link #untimed}).
 */
final class GcsTransport extends HttpTransportOptions {
  static final int WRITE_TIMEOUT_MS = (int) TimeUnit.MINUTES.toMillis(2);

  /** The largest body sent without a write timeout: within Linux's smallest send buffer. */
  static final long UNTIMED_BODY = 16 * 1024;

  private static final ThreadLocal<Boolean> SMALL_UPLOAD = ThreadLocal.withInitial(() -> false);

  GcsTransport() {
    super(HttpTransportOptions.newBuilder());
  }

  @Override
  public HttpRequestInitializer getHttpRequestInitializer(ServiceOptions<?, ?> options) {
    HttpRequestInitializer client = super.getHttpRequestInitializer(options);
    return request -> {
      client.initialize(request);
      // The body is known only when the request is sent; the credentials' interceptor runs first.
      HttpExecuteInterceptor credentials = request.getInterceptor();
      request.setInterceptor(
          sent -> {
            if (credentials != null) {
              credentials.intercept(sent);
            }
            sent.setWriteTimeout(SMALL_UPLOAD.get() ? 0 : writeTimeoutFor(sent.getContent()));
          });
    };
  }

  /**
   * Runs {@code upload}, whose object has at most {@link #UNTIMED_BODY} bytes, in this thread
   * without a write timeout (its metadata, at most 8 KiB on GCS, fits beside it).
   */
  static <T> T untimed(Callable<T> upload) throws Exception {
    SMALL_UPLOAD.set(true);
    try {
      return upload.call();
    } finally {
      SMALL_UPLOAD.set(false);
    }
  }

  /** The write timeout of a request with {@code body}: none for a small or empty one. */
  static int writeTimeoutFor(HttpContent body) throws IOException {
    if (body == null) {
      return 0;
    }
    long length = body.getLength();
    return length >= 0 && length <= UNTIMED_BODY ? 0 : WRITE_TIMEOUT_MS;
  }
}
