package dev.ferry.activities.storage.gcs;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import org.junit.jupiter.api.Test;

/**
 * How GCS's answers are classified. A resumable upload cut by a connection reset was answered
 * {@code 400 Bad Request} for its next chunk by fake-gcs-server (seen in an audit through a
 * resetting proxy): that object failed for good, where a retry writes it.
 */
class GcsErrorsTest {
  private static com.google.cloud.storage.StorageException http(int code, String message) {
    return new com.google.cloud.storage.StorageException(code, message);
  }

  @Test
  void a400OfAResumedUploadIsRetriedFromTheStart() {
    StorageException e =
        GcsErrors.classifyResumed("gcs g:b", "put big.bin", http(400, "Bad Request"));
    assertInstanceOf(RetryableStorageException.class, e);
    assertTrue(
        e.getMessage().contains("put big.bin: the upload session refused a chunk"), e.getMessage());
  }

  @Test
  void aBadRequestOutsideAnUploadAndAnMd5MismatchKeepTheirClasses() {
    assertInstanceOf(
        PermanentStorageException.class,
        GcsErrors.classify("gcs g:b", "put k", http(400, "Bad Request"), false));
    assertInstanceOf(
        ChecksumMismatchException.class,
        GcsErrors.classifyResumed(
            "gcs g:b", "put k", http(400, "Provided MD5 hash doesn't match")));
  }

  @Test
  void aStatusLineInTheMessageIsNotRepeated() {
    StorageException batch =
        GcsErrors.classify(
            "gcs g:b", "delete 5 keys", http(500, "500 Internal Server Error"), false);
    assertInstanceOf(RetryableStorageException.class, batch);
    assertTrue(batch.getMessage().endsWith("HTTP 500 Internal Server Error"), batch.getMessage());
    StorageException plain = GcsErrors.classify("gcs g:b", "put k", http(503, "Slow down"), false);
    assertTrue(plain.getMessage().endsWith("HTTP 503 Slow down"), plain.getMessage());
  }
}
