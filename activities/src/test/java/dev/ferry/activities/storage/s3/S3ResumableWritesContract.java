package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.ResumableWrite.UploadProgress;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.testing.FailingStream;
import dev.ferry.activities.testing.S3TestServer;
import io.minio.GetObjectArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.MinioAsyncClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A multipart upload that a crash interrupted is continued from the parts the store holds, each
 * kept only where it holds the same bytes; an upload no attempt continues is aborted. Checked with
 * the MinIO client on its own, not through ferry: the bytes read back, and the store's own list of
 * unfinished uploads.
 */
abstract class S3ResumableWritesContract {
  private static final int PART = (int) S3Type.MIN_PART_SIZE;
  private static final int SIZE = 3 * PART + PART / 2;

  private final S3TestServer server;
  private final String bucket;
  private S3Connection connection;
  private S3Backend backend;
  private MinioAsyncClient independent;

  protected S3ResumableWritesContract(S3TestServer server, String bucket) {
    this.server = server;
    this.bucket = bucket;
  }

  private static final java.util.Set<String> CREATED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  @BeforeEach
  void connect() {
    if (CREATED.add(server.name() + "/" + bucket)) {
      server.createBucket(bucket);
    }
    connection =
        S3Connection.create(
            S3Type.profile(
                "r",
                server.endpoint(),
                S3TestServer.REGION,
                server.accessKey(),
                server.secretKey(),
                PART,
                null));
    backend = S3Backend.create(connection, bucket, "p/", "s3 r:" + bucket + "/p");
    independent =
        MinioAsyncClient.builder()
            .endpoint(server.endpoint())
            .region(S3TestServer.REGION)
            .credentials(server.accessKey(), server.secretKey())
            .build();
  }

  @AfterEach
  void close() {
    connection.close();
  }

  @Test
  void anInterruptedUploadIsContinuedFromTheStoredParts() throws Exception {
    byte[] data = random(1);
    String uploadId = interrupt("big", data, 2 * PART + 100);
    assertEquals(1, unfinished("big", uploadId), "the interrupted upload is kept for a retry");

    List<UploadProgress> seen = new ArrayList<>();
    ObjectInfo written =
        backend.put("big", stream(data), SIZE, ObjectMetadata.EMPTY, retry(uploadId, seen));

    assertArrayEquals(data, read("big"));
    assertEquals(DigestingInputStream.md5Hex(data, data.length), written.checksum());
    assertEquals(2L * PART, last(seen).resumedBytes(), "the two stored parts are kept, not sent");
    assertEquals(0, unfinished("big", uploadId));
  }

  @Test
  void storedPartsThatDifferFromTheStreamAreSentAgain() throws Exception {
    byte[] old = random(2);
    String uploadId = interrupt("changed", old, 2 * PART + 100);
    byte[] now = old.clone();
    now[PART + 7] ^= 1; // the second part differs by one bit

    List<UploadProgress> seen = new ArrayList<>();
    backend.put("changed", stream(now), SIZE, ObjectMetadata.EMPTY, retry(uploadId, seen));

    assertArrayEquals(now, read("changed"));
    assertEquals(PART, last(seen).resumedBytes(), "only the first part holds the same bytes");
    assertEquals(0, unfinished("changed", uploadId));
  }

  @Test
  void anUploadBegunBeforeTheSourceChangedIsAbortedNotContinued() throws Exception {
    byte[] data = random(3);
    String uploadId = interrupt("stale", data, 2 * PART + 100);

    List<UploadProgress> seen = new ArrayList<>();
    ResumableWrite write =
        new ResumableWrite(true, null, Instant.now().plusSeconds(60), true, progressInto(seen));
    backend.put("stale", stream(data), SIZE, ObjectMetadata.EMPTY, write);

    assertArrayEquals(data, read("stale"));
    assertEquals(0, last(seen).resumedBytes());
    assertEquals(0, unfinished("stale", uploadId), "the stale upload is aborted");
  }

  @Test
  void aFailureThatIsNotKeptAbortsTheUpload() throws Exception {
    List<UploadProgress> seen = new ArrayList<>();
    ResumableWrite once = new ResumableWrite(false, null, null, false, progressInto(seen));
    assertThrows(
        StorageException.class,
        () ->
            backend.put(
                "dropped",
                FailingStream.of(random(4), 2 * PART + 100),
                SIZE,
                ObjectMetadata.EMPTY,
                once));
    assertEquals(0, unfinished("dropped", last(seen).uploadId()));
  }

  /**
   * An upload aborted under the writer (by {@code ferry uploads --abort}, another tool or a
   * lifecycle rule) is a failure a retry mends with a new upload, not the object's end.
   */
  @Test
  void anUploadAbortedUnderTheWriterFailsToBeRetried() {
    java.util.concurrent.atomic.AtomicBoolean aborted =
        new java.util.concurrent.atomic.AtomicBoolean();
    ResumableWrite write =
        new ResumableWrite(
            false,
            null,
            null,
            true,
            p -> {
              if (p.parts() >= 1 && aborted.compareAndSet(false, true)) {
                independent
                    .abortMultipartUpload(
                        io.minio.AbortMultipartUploadArgs.builder()
                            .bucket(bucket)
                            .object("p/aborted")
                            .uploadId(p.uploadId())
                            .build())
                    .join();
              }
            });
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> backend.put("aborted", stream(random(6)), SIZE, ObjectMetadata.EMPTY, write));
    assertTrue(aborted.get(), "the upload was aborted under the writer");
    assertTrue(
        e instanceof dev.ferry.activities.storage.RetryableStorageException,
        e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  @Test
  void abandonAbortsTheUnfinishedUpload() throws Exception {
    String uploadId = interrupt("abandoned", random(5), 2 * PART + 100);
    backend.abandon("abandoned", null);
    assertEquals(0, unfinished("abandoned", uploadId));
  }

  /** Starts an upload of {@code data} that fails after {@code failAt} bytes; its upload id. */
  private String interrupt(String key, byte[] data, int failAt) {
    List<UploadProgress> seen = new ArrayList<>();
    ResumableWrite first = new ResumableWrite(false, null, null, true, progressInto(seen));
    assertThrows(
        StorageException.class,
        () -> backend.put(key, FailingStream.of(data, failAt), SIZE, ObjectMetadata.EMPTY, first));
    UploadProgress reached = last(seen);
    assertTrue(reached.parts() >= 1, "parts were stored before the failure: " + reached);
    return reached.uploadId();
  }

  private ResumableWrite retry(String uploadId, List<UploadProgress> seen) {
    return new ResumableWrite(true, uploadId, null, true, progressInto(seen));
  }

  /** Unfinished uploads of {@code key} as the store itself reports them. */
  private int unfinished(String key, String uploadId) throws Exception {
    return (int)
        independent
            .listMultipartUploads(
                ListMultipartUploadsArgs.builder().bucket(bucket).prefix("p/" + key).build())
            .join()
            .result()
            .uploads()
            .stream()
            .filter(u -> u.objectName().equals("p/" + key))
            .count();
  }

  private byte[] read(String key) throws Exception {
    try (InputStream in =
        independent
            .getObject(GetObjectArgs.builder().bucket(bucket).object("p/" + key).build())
            .join()) {
      return in.readAllBytes();
    }
  }

  private static java.util.function.Consumer<UploadProgress> progressInto(
      List<UploadProgress> seen) {
    return p -> {
      synchronized (seen) {
        seen.add(p);
      }
    };
  }

  private static UploadProgress last(List<UploadProgress> seen) {
    synchronized (seen) {
      return seen.get(seen.size() - 1);
    }
  }

  private static byte[] random(long seed) {
    byte[] bytes = new byte[SIZE];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static InputStream stream(byte[] data) {
    return new ByteArrayInputStream(data);
  }
}
