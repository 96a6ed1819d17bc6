package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.Http;
import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;

/** Each S3 profile's HTTP stack: TLS only where the endpoint uses it, set up once. */
class S3HttpClientTest {
  @Test
  void aPlainHttpEndpointSetsNoTlsUp() {
    OkHttpClient http = S3HttpClient.forEndpoint("http://127.0.0.1:9000");

    assertEquals(List.of(ConnectionSpec.CLEARTEXT), http.connectionSpecs());
    // OkHttp builds no socket factory, and so reads no certificate, for a cleartext-only client.
    assertThrows(IllegalStateException.class, http::sslSocketFactory);
    assertEquals(List.of(Protocol.HTTP_1_1), http.protocols());
    assertTrue(
        http.interceptors().stream().anyMatch(i -> i instanceof Http.StatusRetryInterceptor),
        "the MinIO client's retry of busy answers is kept");
  }

  @Test
  void httpsEndpointsShareOneTlsSetUp() {
    OkHttpClient first = S3HttpClient.forEndpoint("https://s3.example.com");
    OkHttpClient second = S3HttpClient.forEndpoint("HTTPS://other.example.com:9000");

    assertTrue(first.connectionSpecs().stream().anyMatch(ConnectionSpec::isTls));
    assertSame(first.sslSocketFactory(), second.sslSocketFactory());
    assertSame(first.x509TrustManager(), second.x509TrustManager());
    assertTrue(first.connectionPool() != second.connectionPool(), "each profile pools its own");
  }

  @Test
  void onlyAnHttpSchemeIsCleartext() {
    assertTrue(S3HttpClient.isCleartext("HTTP://host"));
    assertEquals(false, S3HttpClient.isCleartext("https://host"));
    assertEquals(false, S3HttpClient.isCleartext("httpx://host"));
    assertEquals(false, S3HttpClient.isCleartext(null));
  }
}
