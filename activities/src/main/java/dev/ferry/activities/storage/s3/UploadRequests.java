package dev.ferry.activities.storage.s3;

import io.minio.ObjectWriteResponse;
import io.minio.messages.Part;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The requests of one multipart upload of one object, however they are sent. */
interface UploadRequests {
  /** Starts the upload; completes with its upload id. */
  CompletableFuture<String> create();

  /**
   * Sends part {@code number}: the first {@code length} bytes of {@code bytes}, with {@code
   * checksumHeaders} for the server to check. The request may send from {@code bytes} itself: the
   * caller leaves the array alone until the returned future has completed.
   */
  CompletableFuture<Part> uploadPart(
      String uploadId, int number, byte[] bytes, int length, Map<String, String> checksumHeaders);

  /** Completes the object from {@code parts}, in part-number order. */
  CompletableFuture<ObjectWriteResponse> complete(String uploadId, Part[] parts);

  /** Aborts the upload, so the server drops its parts. */
  CompletableFuture<?> abort(String uploadId);
}
