package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.ResumableWrite.UploadProgress;
import dev.ferry.activities.storage.SlowSends;
import io.minio.Checksum;
import io.minio.ObjectWriteResponse;
import io.minio.messages.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One multipart upload of a stream: parts are read one after another and up to {@code parallel} of
 * them are sent at once, as rclone does, so a large object is not bound to one request's speed.
 *
 * <p>Each part carries a CRC32C that the server checks (the JDK's, which runs on the CPU's CRC
 * instruction; the client library's own is a table loop several times slower). Memory is bounded:
 * {@code parallel} parts held by requests plus the one being read, each in an array of its own that
 * goes to its request as it is (no copy) and is read into again once that part is stored. A failure
 * aborts the upload, so it leaves no parts behind, unless the caller keeps it for a retry to
 * continue (see {@link ResumableWrite}).
 */
final class MultipartUpload {
  private final UploadRequests requests;
  private final int partSize;
  private final int parallel;
  private final EarlierUpload earlier;
  private final ResumableWrite write;

  /**
   * @param requests how the upload's requests are sent, for the object to create
   * @param partSize bytes per part (the last may be shorter)
   * @param parallel most parts in flight at once
   * @param earlier an earlier attempt's unfinished upload to continue, or null to start one
   * @param write whether a failure keeps the upload for a retry, and whom to tell of progress
   */
  MultipartUpload(
      UploadRequests requests,
      long partSize,
      int parallel,
      EarlierUpload earlier,
      ResumableWrite write) {
    if (partSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("part size " + partSize + " does not fit one array");
    }
    this.requests = requests;
    this.partSize = (int) partSize;
    this.parallel = Math.max(1, parallel);
    this.earlier = earlier;
    this.write = write;
  }

  /**
   * Uploads every byte of {@code in} and completes the object, or throws. A failure aborts the
   * upload, unless the write keeps it for a retry and the failure may pass (not a stream of the
   * wrong size or checksum). Parts of an earlier upload are kept, not sent, from the first part on
   * for as long as each holds the same bytes as the stream.
   *
   * @param expectedSize the stream's size, or -1 when unknown: a stream of another size is refused
   *     before the object is completed, so the key never shows a short object
   * @return the completed object's response
   * @throws IOException when reading the stream fails (or its own checks fail)
   * @throws ShortStreamException when the stream's size is not {@code expectedSize}
   * @throws RuntimeException the client's failure of a request
   */
  ObjectWriteResponse upload(InputStream in, long expectedSize) throws IOException {
    String uploadId = earlier != null ? earlier.uploadId() : requests.create().join();
    Deque<InFlight> inFlight = new ArrayDeque<>();
    Stored stored = new Stored(uploadId);
    try {
      long total = 0;
      int number = 0;
      boolean keeping = earlier != null;
      Deque<byte[]> free = new ArrayDeque<>(); // arrays of stored parts, to read into again
      while (true) {
        byte[] bytes = free.isEmpty() ? new byte[partSize] : free.pop();
        int n = in.readNBytes(bytes, 0, partSize);
        if (n == 0 && number > 0) {
          break;
        }
        total += n;
        if (inFlight.size() == parallel) {
          free.push(stored.add(inFlight.removeFirst()));
        }
        number++;
        Part kept = keeping ? earlier.keep(number, bytes, n) : null;
        keeping = kept != null;
        inFlight.addLast(
            kept != null
                ? new InFlight(CompletableFuture.completedFuture(kept), bytes, n, true)
                : new InFlight(
                    requests.uploadPart(
                        uploadId, number, bytes, n, checksum(EarlierUpload.crc32c(bytes, n))),
                    bytes,
                    n,
                    false));
        if (n < partSize) {
          break;
        }
      }
      while (!inFlight.isEmpty()) {
        stored.add(inFlight.removeFirst());
      }
      if (expectedSize >= 0 && total != expectedSize) {
        throw new ShortStreamException(total);
      }
      return requests.complete(uploadId, stored.parts.toArray(Part[]::new)).join();
    } catch (IOException | RuntimeException e) {
      boolean keep =
          write.keepOnFailure()
              && !(e instanceof ShortStreamException)
              && !(e instanceof DigestingInputStream.Mismatch);
      settle(inFlight);
      stored.addDone(inFlight);
      if (!keep) {
        abort(uploadId, e);
      }
      throw e;
    }
  }

  /** A part sent (or kept) and not yet known stored; its request holds {@code bytes} until then. */
  private record InFlight(CompletableFuture<Part> part, byte[] bytes, int length, boolean kept) {}

  /** The parts stored so far, in order, told to the write as they come. */
  private final class Stored {
    private final String uploadId;
    private final List<Part> parts = new ArrayList<>();
    private long bytes;
    private long keptBytes;

    Stored(String uploadId) {
      this.uploadId = uploadId;
      tell();
    }

    /**
     * Adds {@code next} once stored; returns its array, which no request holds any more. While it
     * waits it tells the write again every {@link SlowSends#TELL_EVERY_SECONDS} s: a part that
     * takes long to send (a slow link) is no reason for the attempt to look dead, only the
     * request's own I/O timeout is.
     */
    byte[] add(InFlight next) {
      parts.add(SlowSends.await(next.part(), this::tell));
      bytes += next.length();
      if (next.kept()) {
        keptBytes += next.length();
      }
      tell();
      return next.bytes();
    }

    /**
     * Adds the parts of {@code settled} that were stored, in order up to the first that was not.
     */
    void addDone(Deque<InFlight> settled) {
      for (InFlight f : settled) {
        if (f.part().isCompletedExceptionally()) {
          return;
        }
        add(f);
      }
    }

    private void tell() {
      write
          .progress()
          .accept(new UploadProgress(uploadId, partSize, parts.size(), bytes, keptBytes));
    }
  }

  /** The part's CRC32C headers, which the server checks against the bytes it receives. */
  private static Map<String, String> checksum(String crc32c) {
    return Map.of(
        "x-amz-sdk-checksum-algorithm",
        Checksum.Algorithm.CRC32C.toString(),
        Checksum.Algorithm.CRC32C.header(),
        crc32c);
  }

  /** Lets the parts in flight end, so none is still being written once the upload fails. */
  private static void settle(Deque<InFlight> inFlight) {
    for (InFlight f : inFlight) {
      try {
        f.part().join();
      } catch (RuntimeException ignored) {
        // The part's own failure adds nothing to the cause.
      }
    }
  }

  /** Aborts the upload; a failure to abort is kept with the cause. */
  private void abort(String uploadId, Exception cause) {
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
