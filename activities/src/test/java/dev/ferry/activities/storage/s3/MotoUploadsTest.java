package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.activities.storage.IncompleteUpload;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.MultipartProbe;
import dev.ferry.activities.testing.RawS3;
import io.minio.messages.ListMultipartUploadsResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Incomplete multipart uploads against moto, which also holds keys with dot segments. */
class MotoUploadsTest extends S3UploadsContract {
  @RegisterExtension static final MotoServer SERVER = new MotoServer();

  MotoUploadsTest() {
    super(SERVER);
  }

  /** Every upload is listed as initiated at 2010-11-10T20:48:33Z. */
  @Override
  protected boolean datesUploads() {
    return false;
  }

  /**
   * moto answers with every upload at once, ignoring max-uploads (and markers), so ferry's paging
   * is not exercised here; versitygw and S3Proxy page.
   */
  @Test
  void listsEveryUploadInOnePage() {
    startUpload("one");
    startUpload("two");
    ListMultipartUploadsResult page = firstPage(1);
    assertEquals(List.of("one", "two"), MultipartProbe.keys(page));
    assertFalse(page.isTruncated());
  }

  /**
   * The MinIO client would send an abort of {@code in/a/../b} to {@code in/b}; ferry sends it to
   * the upload's own key, and the upload of {@code in/b} stays.
   */
  @Test
  void abortAddressesTheExactKeyNotTheOneItWouldResolveTo() {
    RawS3 raw = new RawS3(SERVER.endpoint());
    raw.createBucket("exact-uploads");
    String dotted = raw.createUpload("exact-uploads", "in/a/../b");
    raw.createUpload("exact-uploads", "in/b");
    try (S3Connection connection = S3Connection.create(SERVER.profile("p"))) {
      S3Backend in = S3Backend.create(connection, "exact-uploads", "in", "s3 p:exact-uploads/in");
      IncompleteUpload upload =
          in.incompleteUploads().stream()
              .filter(u -> u.uploadId().equals(dotted))
              .findFirst()
              .orElseThrow();
      assertEquals("a/../b", upload.key());
      in.abort(upload);
    }
    assertEquals(List.of("in/b"), raw.uploadKeys("exact-uploads"));
  }
}
