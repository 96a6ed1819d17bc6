package dev.ferry.activities.storage.s3;

import io.minio.AbortMultipartUploadArgs;
import io.minio.Checksum;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.Http;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectBaseArgs;
import io.minio.UploadPartArgs;
import io.minio.UploadPartResponse;
import io.minio.messages.Part;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A multipart upload's requests made by the MinIO client, asynchronously, so several parts are in
 * flight at once. Part payloads go unsigned: the part's CRC32C, which the server checks, stands for
 * them, and neither side hashes them with SHA-256 again.
 *
 * <p>A part's request sends from the caller's array as it is: copying each part into one of the
 * client's growing buffers cost about 4 % of a worker's CPU on large objects (and a buffer per
 * part, before that, a third of its samples).
 */
final class MinioUploadRequests implements UploadRequests {
  private static final Http.Headers UNSIGNED =
      new Http.Headers(Http.Headers.X_AMZ_CONTENT_SHA256, Checksum.UNSIGNED_PAYLOAD);

  private final MinioAsyncClient client;
  private final PutObjectBaseArgs object;

  /**
   * @param client a client that signs its own requests (it sends a body without an MD5 only then)
   * @param object the bucket, key, headers and user metadata of the object to create
   */
  MinioUploadRequests(MinioAsyncClient client, PutObjectBaseArgs object) {
    this.client = client;
    this.object = object;
  }

  @Override
  public CompletableFuture<String> create() {
    try {
      return client
          .createMultipartUpload(
              new CreateMultipartUploadArgs(
                  object, object.contentType(), Checksum.Algorithm.CRC32C))
          .thenApply(r -> r.result().uploadId());
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Part> uploadPart(
      String uploadId, int number, byte[] bytes, int length, Map<String, String> checksumHeaders) {
    Http.Headers headers = new Http.Headers(UNSIGNED);
    checksumHeaders.forEach(headers::put);
    try {
      // The request has written its body once it has a response (or has failed for good).
      return client
          .uploadPart(
              UploadPartArgs.builder()
                  .bucket(object.bucket())
                  .region(object.region())
                  .object(object.object())
                  .uploadId(uploadId)
                  .partNumber(number)
                  .data(bytes, length)
                  .headers(headers)
                  .build())
          .thenApply(UploadPartResponse::part);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<ObjectWriteResponse> complete(String uploadId, Part[] parts) {
    return client.completeMultipartUpload(new CompleteMultipartUploadArgs(object, uploadId, parts));
  }

  @Override
  public CompletableFuture<?> abort(String uploadId) {
    return client.abortMultipartUpload(new AbortMultipartUploadArgs(object, uploadId));
  }
}
