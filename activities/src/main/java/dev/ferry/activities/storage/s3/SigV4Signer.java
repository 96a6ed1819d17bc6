package dev.ferry.activities.storage.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Signs each request of an S3 client with AWS Signature Version 4 in the Authorization header,
 * exactly as the MinIO client's own signer does, for a fraction of its CPU. That signer formats hex
 * with one {@code String.format} per byte, runs a regex over every header value and derives the
 * signing key anew for every request: on 10,000 small objects it was a quarter of a worker's CPU.
 * This one keeps the day's signing key. Requests already signed pass unchanged.
 */
final class SigV4Signer implements Interceptor {
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private static final HexFormat HEX = HexFormat.of();
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US).withZone(ZoneOffset.UTC);

  /** Left out of the signature, as by the MinIO client: proxies may change them. */
  private static final Set<String> UNSIGNED_HEADERS =
      Set.of("accept-encoding", "authorization", "user-agent");

  private record SigningKey(String day, byte[] key) {}

  private final String region;
  private final String accessKey;
  private final String secretKey;
  private final Clock clock;
  private volatile SigningKey signingKey;

  SigV4Signer(String region, String accessKey, String secretKey, Clock clock) {
    this.region = region;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.clock = clock;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (request.header("Authorization") != null) {
      return chain.proceed(request);
    }
    return chain.proceed(sign(request, clock.instant()));
  }

  /** {@code request} with {@code x-amz-date} set to {@code now} and signed. */
  Request sign(Request request, Instant now) {
    Headers signed =
        sign(
            request.method(),
            request.url().encodedPath(),
            request.url().encodedQuery(),
            request.headers(),
            now);
    return request.newBuilder().headers(signed).build();
  }

  /**
   * {@code headers} with {@code x-amz-date} set to {@code now}, {@code x-amz-content-sha256} (when
   * absent, an unsigned payload) and the {@code Authorization} that signs them for a request of
   * {@code method} to {@code encodedPath} exactly as it is sent. The headers must hold {@code
   * Host}.
   */
  Headers sign(
      String method, String encodedPath, String encodedQuery, Headers headers, Instant now) {
    String amzDate = AMZ_DATE.format(now);
    Headers.Builder signed = headers.newBuilder().set("x-amz-date", amzDate);
    String payloadHash = headers.get("x-amz-content-sha256");
    if (payloadHash == null) {
      payloadHash = UNSIGNED_PAYLOAD;
      signed.set("x-amz-content-sha256", payloadHash);
    }
    Map<String, String> canonicalHeaders = canonicalHeaders(signed.build());
    String signedHeaders = String.join(";", canonicalHeaders.keySet());
    StringBuilder canonical = new StringBuilder(512);
    canonical.append(method).append('\n');
    canonical.append(encodedPath).append('\n');
    canonical.append(canonicalQuery(encodedQuery)).append('\n');
    canonicalHeaders.forEach(
        (name, value) -> canonical.append(name).append(':').append(value).append('\n'));
    canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);

    String day = amzDate.substring(0, 8);
    String scope = day + "/" + region + "/s3/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical));
    String signature = HEX.formatHex(hmac(keyFor(day), stringToSign));
    return signed
        .set(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential="
                + accessKey
                + "/"
                + scope
                + ", SignedHeaders="
                + signedHeaders
                + ", Signature="
                + signature)
        .build();
  }

  /** Lower-case names in order, each with its values trimmed, runs of spaces made one. */
  private static Map<String, String> canonicalHeaders(Headers headers) {
    Map<String, String> canonical = new TreeMap<>();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i).toLowerCase(Locale.ROOT);
      if (UNSIGNED_HEADERS.contains(name)) {
        continue;
      }
      String value = collapseSpaces(headers.value(i).trim());
      canonical.merge(name, value, (a, b) -> a + "," + b);
    }
    return canonical;
  }

  private static String collapseSpaces(String value) {
    if (!value.contains("  ")) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != ' ' || out.length() == 0 || out.charAt(out.length() - 1) != ' ') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The already encoded parameters sorted by name (values of one name keep their order, as the
   * MinIO client and servers built on its signer expect).
   */
  private static String canonicalQuery(String encodedQuery) {
    if (encodedQuery == null) {
      return "";
    }
    Map<String, List<String>> byName = new TreeMap<>();
    for (String parameter : encodedQuery.split("&")) {
      int eq = parameter.indexOf('=');
      String name = eq < 0 ? parameter : parameter.substring(0, eq);
      String value = eq < 0 ? "" : parameter.substring(eq + 1);
      byName.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    }
    StringBuilder query = new StringBuilder(encodedQuery.length() + 8);
    byName.forEach(
        (name, values) -> {
          for (String value : values) {
            if (query.length() > 0) {
              query.append('&');
            }
            query.append(name).append('=').append(value);
          }
        });
    return query.toString();
  }

  private byte[] keyFor(String day) {
    SigningKey current = signingKey;
    if (current == null || !current.day().equals(day)) {
      byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
      key = hmac(key, region);
      key = hmac(key, "s3");
      current = new SigningKey(day, hmac(key, "aws4_request"));
      signingKey = current;
    }
    return current.key();
  }

  private static byte[] sha256(CharSequence text) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "SigV4Signer[" + region + "]"; // never the keys
  }
}
