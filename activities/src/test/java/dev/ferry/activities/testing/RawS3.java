package dev.ferry.activities.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain, unsigned S3 requests with paths sent exactly as given, for a server that checks no
 * signatures (moto): the tests' own view of a bucket, independent of ferry's S3 code and of every
 * client library that would resolve {@code ..} or fold {@code //} in a key.
 */
public final class RawS3 {
  private static final Pattern ENTRY =
      Pattern.compile("<Key>([^<]*)</Key>.*?<ETag>(?:&#34;|&quot;|\")?([0-9a-f]{32})");
  private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>([^<]+)</UploadId>");
  private static final Pattern UPLOAD_KEY =
      Pattern.compile("<Upload>(?:(?!</Upload>).)*?<Key>([^<]*)</Key>");
  private static final Pattern TOKEN =
      Pattern.compile("<NextContinuationToken>([^<]*)</NextContinuationToken>");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String endpoint;

  public RawS3(String endpoint) {
    this.endpoint = endpoint;
  }

  public void createBucket(String bucket) {
    send("PUT", "/" + bucket, HttpRequest.BodyPublishers.noBody());
  }

  /** Stores {@code text} (UTF-8) under exactly {@code key}. */
  public void put(String bucket, String key, String text) {
    send("PUT", path(bucket, key), HttpRequest.BodyPublishers.ofString(text));
  }

  /** Every key of the bucket in listing order, decoded as the listing encoded them. */
  public List<String> keys(String bucket) {
    return new ArrayList<>(etags(bucket).keySet());
  }

  /**
   * Every key of the bucket with its ETag (for a single PUT, the hex MD5 of its bytes), in listing
   * order: what a migration wrote can be checked without reading it, which an object written with
   * credentials would not allow anonymously.
   */
  public Map<String, String> etags(String bucket) {
    Map<String, String> keys = new LinkedHashMap<>();
    String token = null;
    do {
      String query = "?list-type=2&encoding-type=url";
      if (token != null) {
        query += "&continuation-token=" + encode(token);
      }
      String xml = send("GET", "/" + bucket + query, HttpRequest.BodyPublishers.noBody());
      Matcher m = ENTRY.matcher(xml);
      while (m.find()) {
        keys.put(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8), m.group(2));
      }
      Matcher t = TOKEN.matcher(xml);
      token = t.find() ? t.group(1) : null;
    } while (token != null);
    return keys;
  }

  /** Starts a multipart upload of exactly {@code key}; returns its upload id. */
  public String createUpload(String bucket, String key) {
    String xml = send("POST", path(bucket, key) + "?uploads", HttpRequest.BodyPublishers.noBody());
    Matcher m = UPLOAD_ID.matcher(xml);
    if (!m.find()) {
      throw new IllegalStateException("no UploadId in " + xml);
    }
    return m.group(1);
  }

  /**
   * The keys of the bucket's incomplete multipart uploads, decoded where the listing says it
   * encoded them (moto does not).
   */
  public List<String> uploadKeys(String bucket) {
    String xml =
        send(
            "GET",
            "/" + bucket + "?uploads&encoding-type=url",
            HttpRequest.BodyPublishers.noBody());
    boolean encoded = xml.contains("<EncodingType>url</EncodingType>");
    List<String> keys = new ArrayList<>();
    Matcher m = UPLOAD_KEY.matcher(xml);
    while (m.find()) {
      keys.add(encoded ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : m.group(1));
    }
    return keys;
  }

  private static String path(String bucket, String key) {
    return "/" + bucket + "/" + encode(key).replace("%2F", "/");
  }

  /** Percent-encodes every byte but the unreserved characters. */
  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append(String.format("%%%02X", c));
      }
    }
    return out.toString();
  }

  private String send(String method, String path, HttpRequest.BodyPublisher body) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(endpoint + path)).method(method, body).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + ": HTTP " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
