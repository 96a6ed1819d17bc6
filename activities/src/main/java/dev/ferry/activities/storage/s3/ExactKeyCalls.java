package dev.ferry.activities.storage.s3;

import io.minio.GetObjectResponse;
import io.minio.HeadObjectResponse;
import io.minio.Http;
import io.minio.ObjectWriteResponse;
import io.minio.StatObjectResponse;
import io.minio.Utils;
import io.minio.Xml;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.CompleteMultipartUpload;
import io.minio.messages.CompleteMultipartUploadResult;
import io.minio.messages.CopyObjectResult;
import io.minio.messages.ErrorResponse;
import io.minio.messages.InitiateMultipartUploadResult;
import io.minio.messages.Part;
import io.minio.messages.Tags;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Headers;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Okio;

/**
 * Object requests for keys that OkHttp and the MinIO client would send to another path (see {@link
 * ExactKeys}): sent by the JDK's HTTP client, which sends a URI's path as it is, and signed by
 * {@link SigV4Signer} over that same path. Replies and failures come back in the MinIO client's
 * types, so {@link S3Errors} classifies them as it does every other reply.
 *
 * <p>Such keys are rare, so this path is plain rather than fast: one blocking request at a time,
 * and the parts of a large object go up one after another (memory stays one part).
 */
final class ExactKeyCalls implements ObjectReads {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration IO_TIMEOUT = Duration.ofMinutes(2);
  private static final String PROBE = ".ferry-path-probe-";

  private final HttpClient http;
  private final Http.BaseUrl baseUrl;
  private final String region;
  private final SigV4Signer signer;
  private final Clock clock;
  private final Map<String, Boolean> keepsPaths = new ConcurrentHashMap<>();

  ExactKeyCalls(String endpoint, String region, SigV4Signer signer, Clock clock) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    this.baseUrl = new Http.BaseUrl(endpoint);
    this.region = region;
    this.signer = signer;
    this.clock = clock;
  }

  @Override
  public GetObjectResponse get(String bucket, String object) throws IOException, MinioException {
    Response response = send("GET", bucket, object, null, Headers.EMPTY, null);
    ResponseBody body = ObjectCalls.success(response);
    return new GetObjectResponse(response.headers(), bucket, region, object, body.byteStream());
  }

  /** HEADs {@code object}: a missing object is {@code NoSuchKey}, as from the MinIO client. */
  StatObjectResponse head(String bucket, String object) throws IOException, MinioException {
    try (Response response = send("HEAD", bucket, object, null, Headers.EMPTY, null)) {
      if (response.code() == 404) {
        throw new ErrorResponseException(
            new ErrorResponse("NoSuchKey", "no such key", bucket, object, null, null, null),
            response,
            null);
      }
      ObjectCalls.success(response).close();
      return new StatObjectResponse(
          new HeadObjectResponse(response.headers(), bucket, region, object));
    }
  }

  @Override
  public Map<String, String> tags(String bucket, String object) throws IOException, MinioException {
    try (Response response = send("GET", bucket, object, "tagging=", Headers.EMPTY, null)) {
      return xmlResult(response, Tags.class).get();
    }
  }

  /** PUTs {@code bytes} as {@code object} with {@code headers}, as {@link ObjectCalls#put}. */
  ObjectWriteResponse put(String bucket, String object, byte[] bytes, Map<String, String> headers)
      throws IOException, MinioException {
    Headers given = withContentType(headersOf(headers));
    try (Response response = send("PUT", bucket, object, null, given, bytes)) {
      ObjectCalls.success(response).close();
      return written(response, bucket, object, response.header("ETag"));
    }
  }

  /**
   * Copies {@code sourceObject} of {@code sourceBucket} to {@code object} server-side; with {@code
   * replaced} headers (content type, user metadata) the copy carries those instead of the source's;
   * without {@code keepTags} it has no tags; it is of {@code storageClass}, where not null.
   */
  ObjectWriteResponse copy(
      String bucket,
      String object,
      String sourceBucket,
      String sourceObject,
      Map<String, String> replaced,
      boolean keepTags,
      String storageClass)
      throws IOException, MinioException {
    Headers.Builder headers = new Headers.Builder();
    headers.add("x-amz-copy-source", "/" + sourceBucket + "/" + ExactKeys.encodePath(sourceObject));
    if (replaced != null) {
      headers.add("x-amz-metadata-directive", "REPLACE");
      replaced.forEach(headers::addUnsafeNonAscii);
    }
    if (storageClass != null) {
      headers.add(S3Writer.STORAGE_CLASS_HEADER, storageClass);
    }
    if (!keepTags) {
      headers.add("x-amz-tagging-directive", "REPLACE"); // and no x-amz-tagging: none
    }
    try (Response response = send("PUT", bucket, object, null, headers.build(), new byte[0])) {
      CopyObjectResult result = xmlResult(response, CopyObjectResult.class);
      return written(response, bucket, object, result.etag());
    }
  }

  /**
   * The requests of a multipart upload of {@code object} created with {@code headers} (content
   * type, user metadata); each is made before its future is returned.
   */
  UploadRequests uploads(String bucket, String object, Map<String, String> headers) {
    return new UploadRequests() {
      @Override
      public CompletableFuture<String> create() {
        return call(
            () -> {
              Headers.Builder all = withContentType(headersOf(headers)).newBuilder();
              all.add("x-amz-checksum-algorithm", "CRC32C");
              try (Response response =
                  send("POST", bucket, object, "uploads=", all.build(), null)) {
                return xmlResult(response, InitiateMultipartUploadResult.class).uploadId();
              }
            });
      }

      @Override
      public CompletableFuture<Part> uploadPart(
          String uploadId, int number, byte[] bytes, int length, Map<String, String> checksums) {
        return call(
            () -> {
              String query = "partNumber=" + number + "&uploadId=" + queryValue(uploadId);
              byte[] body = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
              try (Response response =
                  send("PUT", bucket, object, query, headersOf(checksums), body)) {
                ObjectCalls.success(response).close();
                return new Part(
                    number,
                    response.header("ETag"),
                    null,
                    checksums.get("x-amz-checksum-crc32c"),
                    null,
                    null,
                    null);
              }
            });
      }

      @Override
      public CompletableFuture<ObjectWriteResponse> complete(String uploadId, Part[] parts) {
        return call(
            () -> {
              byte[] body =
                  Xml.marshal(new CompleteMultipartUpload(parts)).getBytes(StandardCharsets.UTF_8);
              String query = "uploadId=" + queryValue(uploadId);
              try (Response response = send("POST", bucket, object, query, Headers.EMPTY, body)) {
                CompleteMultipartUploadResult result =
                    xmlResult(response, CompleteMultipartUploadResult.class);
                return written(response, bucket, object, result.etag());
              }
            });
      }

      @Override
      public CompletableFuture<?> abort(String uploadId) {
        return call(
            () -> {
              ExactKeyCalls.this.abort(bucket, object, uploadId);
              return uploadId;
            });
      }
    };
  }

  /** Aborts the multipart upload {@code uploadId} of {@code object}. */
  void abort(String bucket, String object, String uploadId) throws IOException, MinioException {
    String query = "uploadId=" + queryValue(uploadId);
    try (Response response = send("DELETE", bucket, object, query, Headers.EMPTY, null)) {
      ObjectCalls.success(response).close();
    }
  }

  /** DELETEs {@code object} with {@code headers}; a missing object is no failure, as in S3. */
  void delete(String bucket, String object, Map<String, String> headers)
      throws IOException, MinioException {
    try (Response response = send("DELETE", bucket, object, null, Headers.of(headers), null)) {
      if (response.code() != 404) {
        ObjectCalls.success(response).close();
      }
    }
  }

  /**
   * Whether the server stores a key's {@code .}, {@code ..} and {@code //} as they are sent, found
   * once per bucket and prefix by a probe object under the prefix (where ferry writes anyway):
   * {@code PROBE/d/x} is written, then {@code PROBE/d/../d/x} and {@code PROBE/d//x} must find no
   * object, and the probe is deleted. A server that resolves paths itself, in its HTTP layer
   * (versitygw) or in its file store (S3Proxy), finds {@code PROBE/d/x} there, and would write
   * {@code a/../b} over {@code b}.
   */
  boolean keepsPaths(String bucket, String prefix) throws IOException, MinioException {
    String where = bucket + "/" + prefix;
    Boolean known = keepsPaths.get(where);
    if (known == null) {
      String probe = prefix + PROBE + UUID.randomUUID() + "/d/";
      put(bucket, probe + "x", new byte[0], Map.of());
      try {
        known = absent(bucket, probe + "../d/x") && absent(bucket, probe + "/x");
      } finally {
        delete(bucket, probe + "x", Map.of());
      }
      keepsPaths.put(where, known);
    }
    return known;
  }

  private boolean absent(String bucket, String object) throws IOException, MinioException {
    try (Response response = send("HEAD", bucket, object, null, Headers.EMPTY, null)) {
      if (response.code() != 404) {
        ObjectCalls.success(response).close(); // throws unless the object was found
      }
      return response.code() == 404;
    }
  }

  /** One request whose path is exactly {@code object}'s, signed, its reply as an OkHttp one. */
  private Response send(
      String method, String bucket, String object, String query, Headers headers, byte[] body)
      throws IOException, MinioException {
    okhttp3.HttpUrl bucketUrl = baseUrl.buildUrl(Http.Method.GET, bucket, null, region, null);
    String bucketPath = bucketUrl.encodedPath();
    String path =
        (bucketPath.endsWith("/") ? bucketPath : bucketPath + "/") + ExactKeys.encodePath(object);
    String host = Utils.getHostHeader(bucketUrl);
    Headers signed =
        signer.sign(
            method, path, query, headers.newBuilder().set("Host", host).build(), clock.instant());
    URI uri =
        URI.create(bucketUrl.scheme() + "://" + host + path + (query == null ? "" : "?" + query));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(IO_TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < signed.size(); i++) {
      if (!signed.name(i).equalsIgnoreCase("Host")) {
        request.header(signed.name(i), onTheWire(signed.value(i)));
      }
    }
    HttpResponse<InputStream> reply;
    try {
      reply = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + method + " of a key", e);
    }
    Headers.Builder replyHeaders = new Headers.Builder();
    reply
        .headers()
        .map()
        .forEach((n, values) -> values.forEach(v -> replyHeaders.addUnsafeNonAscii(n, v)));
    return new Response.Builder()
        .request(new Request.Builder().url(bucketUrl).build())
        .protocol(Protocol.HTTP_1_1)
        .code(reply.statusCode())
        .message("")
        .headers(replyHeaders.build())
        .body(ResponseBody.create(Okio.buffer(Okio.source(reply.body())), null, -1))
        .build();
  }

  /**
   * The XML result of a successful reply. A copy or a completed upload can fail after its 200 has
   * gone out: its body is then an S3 error, thrown as such.
   */
  private static <T> T xmlResult(Response response, Class<T> type)
      throws IOException, MinioException {
    String text = ObjectCalls.success(response).string();
    if (text.contains("<Error>")) {
      throw new ErrorResponseException(Xml.unmarshal(ErrorResponse.class, text), response, null);
    }
    return Xml.unmarshal(type, text);
  }

  private ObjectWriteResponse written(
      Response response, String bucket, String object, String etag) {
    return new ObjectWriteResponse(
        response.headers(), bucket, region, object, etag, response.header("x-amz-version-id"));
  }

  private static Headers headersOf(Map<String, String> headers) {
    Headers.Builder builder = new Headers.Builder();
    headers.forEach(builder::addUnsafeNonAscii);
    return builder.build();
  }

  /**
   * A header value the JDK's client can send: it writes headers as ASCII (anything else becomes
   * {@code ?}), so a value that is not ASCII is refused rather than stored garbled.
   */
  private static String onTheWire(String value) {
    if (!value.chars().allMatch(c -> c < 0x80)) {
      throw new IllegalArgumentException(
          "a content type or user metadata value that is not ASCII cannot go with a key that has"
              + " '.', '..' or '//' segments");
    }
    return value;
  }

  /** {@code headers} with S3's default content type when they name none, as the MinIO client. */
  private static Headers withContentType(Headers headers) {
    return headers.get("Content-Type") != null
        ? headers
        : headers.newBuilder().add("Content-Type", "application/octet-stream").build();
  }

  /** A query parameter's value, encoded as the signature encodes it ({@code /} too). */
  private static String queryValue(String value) {
    return ExactKeys.encodePath(value).replace("/", "%2F");
  }

  private interface Call<T> {
    T run() throws IOException, MinioException;
  }

  /** Makes the request now; its outcome as a future, as {@link UploadRequests} returns it. */
  private static <T> CompletableFuture<T> call(Call<T> call) {
    try {
      return CompletableFuture.completedFuture(call.run());
    } catch (IOException | MinioException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
