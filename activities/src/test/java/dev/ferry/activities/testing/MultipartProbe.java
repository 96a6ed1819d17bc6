package dev.ferry.activities.testing;

import io.minio.CreateMultipartUploadArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.MinioAsyncClient;
import io.minio.UploadPartArgs;
import io.minio.messages.ListMultipartUploadsResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' own hand on a server's multipart uploads, through the MinIO client and independent of
 * ferry's S3 code: starts uploads as a killed writer leaves them, and lists what remains.
 */
public final class MultipartProbe implements AutoCloseable {
  private final MinioAsyncClient minio;

  public MultipartProbe(S3TestServer server) {
    this.minio =
        MinioAsyncClient.builder()
            .endpoint(server.endpoint())
            .region(S3TestServer.REGION)
            .credentials(server.accessKey(), server.secretKey())
            .build();
  }

  /** Starts a multipart upload of {@code key}, uploads one small part of it, returns its id. */
  public String start(String bucket, String key) {
    String uploadId =
        minio
            .createMultipartUpload(
                CreateMultipartUploadArgs.builder().bucket(bucket).object(key).build())
            .join()
            .result()
            .uploadId();
    byte[] part = new byte[4096];
    minio
        .uploadPart(
            UploadPartArgs.builder()
                .bucket(bucket)
                .object(key)
                .uploadId(uploadId)
                .partNumber(1)
                .data(part, part.length)
                .build())
        .join();
    return uploadId;
  }

  /** The first page of the bucket's incomplete uploads, {@code maxUploads} at most. */
  public ListMultipartUploadsResult firstPage(String bucket, int maxUploads) {
    return minio
        .listMultipartUploads(
            ListMultipartUploadsArgs.builder().bucket(bucket).maxUploads(maxUploads).build())
        .join()
        .result();
  }

  /** The keys of the bucket's incomplete uploads (up to 1,000), as the server lists them. */
  public List<String> remaining(String bucket) {
    return keys(firstPage(bucket, 1000));
  }

  /** The keys of a page's uploads. */
  public static List<String> keys(ListMultipartUploadsResult page) {
    List<String> keys = new ArrayList<>();
    for (ListMultipartUploadsResult.Upload u : page.uploads()) {
      keys.add(u.objectName());
    }
    return keys;
  }

  @Override
  public void close() {
    try {
      minio.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the MinIO client", e);
    }
  }
}
