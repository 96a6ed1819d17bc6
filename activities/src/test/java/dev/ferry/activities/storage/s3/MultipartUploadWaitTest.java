package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.ResumableWrite.UploadProgress;
import dev.ferry.activities.storage.SlowSends;
import io.minio.ObjectWriteResponse;
import io.minio.messages.Part;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A part that takes long to send (an audit slowed a link to 150 KB/s: an 8 MiB part took 55 s) must
 * not leave the attempt silent: the upload tells its write again while it waits, which keeps the
 * range's heartbeat going. Before, nothing was told between parts, so a 20 s heartbeat timeout
 * retried the object again and again while its bytes were moving.
 */
class MultipartUploadWaitTest {
  @Test
  void aPartSlowToSendIsToldAgainWhileTheUploadWaits() throws Exception {
    long partMillis = (SlowSends.TELL_EVERY_SECONDS * 2 + 1) * 1000;
    Executor later = CompletableFuture.delayedExecutor(partMillis, TimeUnit.MILLISECONDS);
    UploadRequests slow =
        new UploadRequests() {
          @Override
          public CompletableFuture<String> create() {
            return CompletableFuture.completedFuture("upload-1");
          }

          @Override
          public CompletableFuture<Part> uploadPart(
              String uploadId, int number, byte[] bytes, int length, Map<String, String> headers) {
            return CompletableFuture.supplyAsync(() -> new Part(number, "etag" + number), later);
          }

          @Override
          public CompletableFuture<ObjectWriteResponse> complete(String uploadId, Part[] parts) {
            return CompletableFuture.completedFuture(null);
          }

          @Override
          public CompletableFuture<?> abort(String uploadId) {
            return CompletableFuture.completedFuture(null);
          }
        };
    List<UploadProgress> told = new CopyOnWriteArrayList<>();
    ResumableWrite write = new ResumableWrite(false, null, null, false, told::add);

    new MultipartUpload(slow, 4, 1, null, write)
        .upload(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 4);

    // Once as it starts, at least twice while the one part is on its way, once when it is stored.
    assertTrue(told.size() >= 4, told.toString());
    assertEquals(1, told.get(told.size() - 1).parts());
    assertEquals(0, told.get(told.size() - 2).parts(), "told while still waiting");
  }
}
