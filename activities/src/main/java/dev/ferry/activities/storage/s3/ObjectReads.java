package dev.ferry.activities.storage.s3;

import io.minio.GetObjectResponse;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.util.Map;

/**
 * The blocking reads of one object that a profile's own signing makes possible: by exact path
 * ({@link ExactKeyCalls}) or by plain OkHttp calls ({@link ObjectCalls}). Both fail with the MinIO
 * client's exceptions, so {@link S3Errors} classifies every route alike.
 */
interface ObjectReads {

  /** GETs {@code object}; the caller reads and closes the response. */
  GetObjectResponse get(String bucket, String object) throws IOException, MinioException;

  /** The tags of {@code object} ({@code GET ?tagging}). */
  Map<String, String> tags(String bucket, String object) throws IOException, MinioException;
}
