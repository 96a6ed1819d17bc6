package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.minio.Signer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class SigV4SignerTest {
  // The example credentials of AWS's own Signature Version 4 documentation.
  private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private final SigV4Signer signer =
      new SigV4Signer("us-east-1", ACCESS_KEY, SECRET_KEY, Clock.systemUTC());

  @Test
  void signsAwsDocumentedExampleToItsPublishedSignature() {
    // "GET Object" of the S3 SigV4 header-signing example.
    Request request =
        new Request.Builder()
            .url("https://examplebucket.s3.amazonaws.com/test.txt")
            .header("Host", "examplebucket.s3.amazonaws.com")
            .header("Range", "bytes=0-9")
            .header("x-amz-content-sha256", EMPTY_SHA256)
            .build();
    Request signed = signer.sign(request, Instant.parse("2013-05-24T00:00:00Z"));
    assertEquals(
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + " SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            + " Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        signed.header("Authorization"));
    assertEquals("20130524T000000Z", signed.header("x-amz-date"));
  }

  @Test
  void signsEveryRequestShapeAsTheMinioClientsSignerDoes() throws Exception {
    Instant now = Instant.parse("2026-11-26T03:04:05Z");
    List<Request> requests =
        List.of(
            new Request.Builder()
                .url("http://127.0.0.1:9000/bucket/dir/k%C3%A9y%20with%20spaces%2Bplus")
                .header("Host", "127.0.0.1:9000")
                .header("Content-Type", "text/plain;  charset=utf-8")
                .header("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")
                .header("x-amz-meta-ferry-md5", "d41d8cd98f00b204e9800998ecf8427e")
                .header("x-amz-content-sha256", SigV4Signer.UNSIGNED_PAYLOAD)
                .header("User-Agent", "MinIO (test)")
                .header("Accept-Encoding", "identity")
                .put(RequestBody.create(new byte[0], MediaType.get("text/plain")))
                .build(),
            new Request.Builder()
                .url(
                    "http://127.0.0.1:9000/bucket?list-type=2&prefix=d%2F&start-after=d%2Fk1"
                        + "&max-keys=1000&delimiter=")
                .header("Host", "127.0.0.1:9000")
                .header("x-amz-content-sha256", EMPTY_SHA256)
                .build(),
            new Request.Builder()
                .url("https://s3.eu-west-1.amazonaws.com/b/o?uploads&z=2&a=1&a=0")
                .header("Host", "s3.eu-west-1.amazonaws.com")
                .addHeader("x-amz-meta-multi", "one")
                .addHeader("x-amz-meta-multi", " two ")
                .header("x-amz-content-sha256", EMPTY_SHA256)
                .build());
    for (Request request : requests) {
      Request ours = signer.sign(request, now);
      Request dated = ours.newBuilder().removeHeader("Authorization").build();
      Request theirs =
          Signer.signV4S3(
              dated, "us-east-1", ACCESS_KEY, SECRET_KEY, dated.header("x-amz-content-sha256"));
      assertEquals(
          theirs.header("Authorization"), ours.header("Authorization"), request.url() + "");
    }
  }

  @Test
  void marksAPayloadItWasNotToldOfUnsigned() {
    Request request = new Request.Builder().url("http://127.0.0.1:9000/bucket").build();
    Request signed = signer.sign(request, Instant.parse("2026-11-26T00:00:00Z"));
    assertEquals(SigV4Signer.UNSIGNED_PAYLOAD, signed.header("x-amz-content-sha256"));
  }

  @Test
  void signsOnTheWayWithTheDayOfEachRequestAndLeavesSignedRequestsAlone() throws IOException {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T23:59:59Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    SigV4Signer ticking = new SigV4Signer("us-east-1", ACCESS_KEY, SECRET_KEY, clock);
    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:9000/bucket/key")
            .header("x-amz-content-sha256", EMPTY_SHA256)
            .build();
    String first = received(ticking, request).get("Authorization").get(0);
    now.set(Instant.parse("2026-11-27T00:00:01Z"));
    String second = received(ticking, request).get("Authorization").get(0);
    assertTrue(first.contains("/20261126/us-east-1/s3/aws4_request"), first);
    assertTrue(second.contains("/20261127/us-east-1/s3/aws4_request"), second);

    Request alreadySigned = request.newBuilder().header("Authorization", "AWS4 given").build();
    assertEquals(List.of("AWS4 given"), received(ticking, alreadySigned).get("Authorization"));
    assertFalse(ticking.toString().contains(SECRET_KEY));
  }

  /** The headers a loopback server received for {@code request} sent through {@code signer}. */
  private static Map<String, List<String>> received(SigV4Signer signer, Request request)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicReference<Map<String, List<String>>> headers = new AtomicReference<>();
    server.createContext(
        "/",
        exchange -> {
          headers.set(Map.copyOf(exchange.getRequestHeaders()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      OkHttpClient client = new OkHttpClient.Builder().addInterceptor(signer).build();
      String url =
          "http://127.0.0.1:" + server.getAddress().getPort() + request.url().encodedPath();
      try (Response response = client.newCall(request.newBuilder().url(url).build()).execute()) {
        assertEquals(200, response.code());
        return headers.get();
      }
    } finally {
      server.stop(0);
    }
  }
}
