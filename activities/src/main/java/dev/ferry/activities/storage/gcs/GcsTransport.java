package dev.ferry.activities.storage.gcs;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import java.util.concurrent.TimeUnit;

/**
 * The client's HTTP options with a write timeout, which Google's client leaves unset: a request
 * whose body stops moving (a black-holed connection) fails after {@link #WRITE_TIMEOUT_MS} rather
 * than when the kernel gives up on it, as S3's and Azure's clients do. Writes that wait for such a
 * request keep the range's heartbeat going ({@link dev.ferry.activities.storage.SlowSends}), so
 * this timeout is what ends them.
 */
final class GcsTransport extends HttpTransportOptions {
  static final int WRITE_TIMEOUT_MS = (int) TimeUnit.MINUTES.toMillis(2);

  GcsTransport() {
    super(HttpTransportOptions.newBuilder());
  }

  @Override
  public HttpRequestInitializer getHttpRequestInitializer(ServiceOptions<?, ?> options) {
    HttpRequestInitializer client = super.getHttpRequestInitializer(options);
    return request -> {
      client.initialize(request);
      request.setWriteTimeout(WRITE_TIMEOUT_MS);
    };
  }
}
