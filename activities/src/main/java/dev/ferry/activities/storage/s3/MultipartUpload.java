package dev.ferry.activities.storage.s3;

import io.minio.Checksum;
import io.minio.ObjectWriteResponse;
import io.minio.messages.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * One multipart upload of a stream: parts are read one after another and up to {@code parallel} of
 * them are sent at once, as rclone does, so a large object is not bound to one request's speed.
 *
 * <p>Each part carries a CRC32C that the server checks (the JDK's, which runs on the CPU's CRC
 * instruction; the client library's own is a table loop several times slower). Memory is bounded:
 * {@code parallel} parts held by requests plus the one being read. Anything that fails aborts the
 * upload, so an error leaves no parts behind (a killed process can: see the README).
 */
final class MultipartUpload {
  private final UploadRequests requests;
  private final int partSize;
  private final int parallel;

  /**
   * @param requests how the upload's requests are sent, for the object to create
   * @param partSize bytes per part (the last may be shorter)
   * @param parallel most parts in flight at once
   */
  MultipartUpload(UploadRequests requests, long partSize, int parallel) {
    if (partSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("part size " + partSize + " does not fit one array");
    }
    this.requests = requests;
    this.partSize = (int) partSize;
    this.parallel = Math.max(1, parallel);
  }

  /**
   * Uploads every byte of {@code in} and completes the object, or aborts the upload and throws.
   *
   * @param expectedSize the stream's size, or -1 when unknown: a stream of another size is refused
   *     before the object is completed, so the key never shows a short object
   * @return the completed object's response
   * @throws IOException when reading the stream fails (or its own checks fail)
   * @throws ShortStreamException when the stream's size is not {@code expectedSize}
   * @throws RuntimeException the client's failure of a request
   */
  ObjectWriteResponse upload(InputStream in, long expectedSize) throws IOException {
    String uploadId = requests.create().join();
    Deque<CompletableFuture<Part>> inFlight = new ArrayDeque<>();
    try {
      List<Part> parts = new ArrayList<>();
      long total = 0;
      int number = 0;
      byte[] bytes = new byte[partSize]; // reused: each part is copied into its request's buffer
      while (true) {
        int n = in.readNBytes(bytes, 0, partSize);
        if (n == 0 && number > 0) {
          break;
        }
        total += n;
        if (inFlight.size() == parallel) {
          parts.add(inFlight.removeFirst().join());
        }
        number++;
        inFlight.addLast(requests.uploadPart(uploadId, number, bytes, n, checksum(bytes, n)));
        if (n < partSize) {
          break;
        }
      }
      while (!inFlight.isEmpty()) {
        parts.add(inFlight.removeFirst().join());
      }
      if (expectedSize >= 0 && total != expectedSize) {
        throw new ShortStreamException(total);
      }
      return requests.complete(uploadId, parts.toArray(Part[]::new)).join();
    } catch (IOException | RuntimeException e) {
      abort(uploadId, inFlight, e);
      throw e;
    }
  }

  /** The part's CRC32C headers, which the server checks against the bytes it receives. */
  private static Map<String, String> checksum(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    byte[] sum = ByteBuffer.allocate(Integer.BYTES).putInt((int) crc.getValue()).array();
    return Map.of(
        "x-amz-sdk-checksum-algorithm",
        Checksum.Algorithm.CRC32C.toString(),
        Checksum.Algorithm.CRC32C.header(),
        Base64.getEncoder().encodeToString(sum));
  }

  /** Lets the parts in flight end, then aborts; a failure to abort is kept with the cause. */
  private void abort(String uploadId, Deque<CompletableFuture<Part>> inFlight, Exception cause) {
    for (CompletableFuture<Part> f : inFlight) {
      try {
        f.join();
      } catch (RuntimeException ignored) {
        // The part's own failure adds nothing to the cause.
      }
    }
    try {
      requests.abort(uploadId).join();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** The stream did not have the size it was announced with. */
  static final class ShortStreamException extends IOException {
    private final long actual;

    ShortStreamException(long actual) {
      super("the stream had " + actual + " bytes");
      this.actual = actual;
    }

    long actual() {
      return actual;
    }
  }
}
