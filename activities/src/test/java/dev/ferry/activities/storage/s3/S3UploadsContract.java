package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.IncompleteUpload;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.testing.MultipartProbe;
import dev.ferry.activities.testing.S3TestServer;
import io.minio.messages.ListMultipartUploadsResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listing and aborting incomplete multipart uploads against one real server. Uploads are made, and
 * what remains is checked, with the MinIO client directly, independently of ferry's S3 code; each
 * implementation's test names its server and what it deviates in.
 */
abstract class S3UploadsContract {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  /** The server under test, which the subclass registers as an extension. */
  protected final S3TestServer server;

  private MultipartProbe probe;
  private S3Connection connection;
  private String bucket;

  protected S3UploadsContract(S3TestServer server) {
    this.server = server;
  }

  /**
   * Whether the server lists an upload's start time; moto lists the same fixed time for every
   * upload.
   */
  protected boolean datesUploads() {
    return true;
  }

  /**
   * Whether a listing resumes after the NextKeyMarker and NextUploadIdMarker the server gave;
   * versitygw refuses its own.
   */
  protected boolean resumesAfterItsUploadIdMarker() {
    return true;
  }

  @BeforeEach
  void setUp() {
    bucket = "uploads-" + BUCKETS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    bucket = bucket.substring(0, Math.min(bucket.length(), 40));
    server.createBucket(bucket);
    probe = new MultipartProbe(server);
    connection = S3Connection.create(server.profile("p"));
  }

  @AfterEach
  void tearDown() throws Exception {
    connection.close();
    probe.close();
  }

  private S3Backend backend(String prefix) {
    return S3Backend.create(connection, bucket, prefix, "s3 p:" + bucket + "/" + prefix);
  }

  /** Starts a multipart upload of {@code key} and uploads one small part of it. */
  protected String startUpload(String key) {
    return probe.start(bucket, key);
  }

  /** The keys of the bucket's incomplete uploads, as the server lists them to the MinIO client. */
  private List<String> remaining() {
    return probe.remaining(bucket);
  }

  /** The first page of the bucket's incomplete uploads, asked {@code maxUploads} at most. */
  protected ListMultipartUploadsResult firstPage(int maxUploads) {
    return probe.firstPage(bucket, maxUploads);
  }

  @Test
  void listsTheUploadsUnderTheLocationAndAbortsThem() {
    Instant before = Instant.now().minusSeconds(60);
    String id = startUpload("in/dir/big");
    startUpload("other/big");
    S3Backend in = backend("in");

    List<IncompleteUpload> listed = in.incompleteUploads();
    assertEquals(1, listed.size(), listed.toString());
    IncompleteUpload upload = listed.get(0);
    assertEquals("dir/big", upload.key());
    assertEquals(id, upload.uploadId());
    assertEquals(-1, upload.bytes());
    if (datesUploads()) {
      assertTrue(
          upload.initiated().isAfter(before)
              && upload.initiated().isBefore(Instant.now().plus(Duration.ofMinutes(1))),
          upload.initiated().toString());
    } else {
      assertEquals(Instant.parse("2010-11-10T20:48:33Z"), upload.initiated());
    }

    in.abort(upload);
    assertEquals(List.of("other/big"), remaining(), "only the upload outside the location stays");
    assertTrue(in.incompleteUploads().isEmpty());
    in.abort(upload); // already gone: counts as aborted
  }

  @Test
  void pagesByKeyAndDropsTheUploadsListedTwice() {
    assertPagedListingFindsAndAborts(List.of("p/a", "p/b", "p/b", "p/c", "p/d", "p/d"), 3);
  }

  @Test
  void pagesThroughMoreUploadsOfOneKeyThanAPageHolds() {
    List<String> keys = List.of("p/a", "p/a", "p/a", "p/b", "p/c");
    if (resumesAfterItsUploadIdMarker()) {
      assertPagedListingFindsAndAborts(keys, 2);
      return;
    }
    for (String key : keys) {
      startUpload(key);
    }
    S3Uploads paged = new S3Uploads(connection, bucket, "p/", "s3 p:" + bucket + "/p", 2);
    PermanentStorageException e =
        assertThrows(PermanentStorageException.class, paged::incompleteUploads);
    assertTrue(e.getMessage().contains("Invalid uploadId marker"), e.getMessage());
  }

  /** Starts uploads of {@code keys}, lists them {@code pageSize} a page, and aborts them all. */
  private void assertPagedListingFindsAndAborts(List<String> keys, int pageSize) {
    List<String> ids = new ArrayList<>();
    for (String key : keys) {
      ids.add(startUpload(key));
    }
    S3Uploads paged = new S3Uploads(connection, bucket, "p/", "s3 p:" + bucket + "/p", pageSize);
    List<IncompleteUpload> listed = paged.incompleteUploads();
    assertEquals(
        ids.stream().sorted().toList(),
        listed.stream().map(IncompleteUpload::uploadId).sorted().toList());
    assertEquals(
        keys.stream().map(k -> k.substring(2)).sorted().toList(),
        listed.stream().map(IncompleteUpload::key).sorted().toList());
    for (IncompleteUpload u : listed) {
      paged.abort(u);
    }
    assertEquals(List.of(), remaining());
  }
}
