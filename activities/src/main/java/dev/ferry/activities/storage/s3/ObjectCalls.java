package dev.ferry.activities.storage.s3;

import io.minio.GetObjectResponse;
import io.minio.Http;
import io.minio.ObjectWriteResponse;
import io.minio.Utils;
import io.minio.Xml;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.ErrorResponse;
import io.minio.messages.Tags;
import java.io.IOException;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * An object's GET and single PUT as plain blocking OkHttp calls on the caller's own thread, signed
 * on their way by {@link SigV4Signer}. The MinIO client hands every request to OkHttp's dispatcher
 * threads and back through futures, and builds it with general-purpose machinery; on objects of a
 * few KiB those hops and that building cost more CPU than the bytes. URLs are the MinIO client's
 * own, and failures come back as its exceptions, so {@link S3Errors} classifies both paths alike.
 */
final class ObjectCalls implements ObjectReads {
  private static final String CONTENT_TYPE = "Content-Type";
  private static final String OCTET_STREAM = "application/octet-stream";

  private final OkHttpClient http;
  private final Http.BaseUrl baseUrl;
  private final String region;

  /** Calls over {@code signingHttp}, which must sign every request (see {@link SigV4Signer}). */
  ObjectCalls(OkHttpClient signingHttp, String endpoint, String region) {
    this.http = signingHttp;
    this.baseUrl = new Http.BaseUrl(endpoint);
    this.region = region;
  }

  @Override
  public GetObjectResponse get(String bucket, String object) throws IOException, MinioException {
    HttpUrl url = url(Http.Method.GET, bucket, object);
    Response response = http.newCall(request(url, Headers.EMPTY).get().build()).execute();
    ResponseBody body = success(response);
    return new GetObjectResponse(response.headers(), bucket, region, object, body.byteStream());
  }

  @Override
  public Map<String, String> tags(String bucket, String object) throws IOException, MinioException {
    HttpUrl url =
        baseUrl.buildUrl(
            Http.Method.GET, bucket, object, region, new Http.QueryParameters("tagging", ""));
    try (Response response = http.newCall(request(url, Headers.EMPTY).get().build()).execute()) {
      return Xml.unmarshal(Tags.class, success(response).string()).get();
    }
  }

  /**
   * PUTs {@code bytes} as {@code object} with {@code headers} (content type, {@code Content-MD5},
   * user metadata as {@code x-amz-meta-*}).
   */
  ObjectWriteResponse put(String bucket, String object, byte[] bytes, Map<String, String> headers)
      throws IOException, MinioException {
    HttpUrl url = url(Http.Method.PUT, bucket, object);
    Headers.Builder given = new Headers.Builder();
    if (!headers.containsKey(CONTENT_TYPE)) {
      given.add(CONTENT_TYPE, OCTET_STREAM);
    }
    headers.forEach(given::addUnsafeNonAscii); // user metadata may be UTF-8, as S3 allows
    Request.Builder request = request(url, given.build());
    // No media type on the body: OkHttp would parse the header's value, refuse one it cannot
    // parse, and write its own form of it after the signer ran. S3 keeps any string verbatim.
    RequestBody body = RequestBody.create(bytes, (MediaType) null);
    try (Response response = http.newCall(request.put(body).build()).execute()) {
      success(response).close();
      return new ObjectWriteResponse(
          response.headers(),
          bucket,
          region,
          object,
          response.header("ETag"),
          response.header("x-amz-version-id"));
    }
  }

  private HttpUrl url(Http.Method method, String bucket, String object) throws MinioException {
    return baseUrl.buildUrl(method, bucket, object, region, null);
  }

  /**
   * A request with {@code headers} and those every call carries before it is signed: the host
   * (OkHttp adds its own only after the signer ran), and no compression, which OkHttp would
   * otherwise ask for and undo.
   */
  private static Request.Builder request(HttpUrl url, Headers headers) {
    return new Request.Builder()
        .url(url)
        .headers(headers)
        .header("Host", Utils.getHostHeader(url))
        .header("Accept-Encoding", "identity");
  }

  /**
   * The body of a successful response; otherwise closes the response and throws what the MinIO
   * client throws for the same reply.
   */
  static ResponseBody success(Response response) throws IOException, MinioException {
    ResponseBody body = response.body();
    if (response.isSuccessful()) {
      return body;
    }
    String text;
    try (response) {
      text = body.string();
    }
    String contentType = response.header(CONTENT_TYPE);
    if (text.isEmpty() || contentType == null || !contentType.contains("application/xml")) {
      throw new InvalidResponseException(
          response.code(), contentType, text.substring(0, Math.min(text.length(), 1024)), null);
    }
    throw new ErrorResponseException(Xml.unmarshal(ErrorResponse.class, text), response, null);
  }
}
