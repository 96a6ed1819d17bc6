package dev.ferry.activities.storage.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.ContentHeaders;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.SlowSends;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StreamChunks;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * Writes objects under one bucket and prefix: one request up to a chunk, with the MD5 GCS checks
 * the bytes against; a resumable upload in chunks above, or when the length is unknown and the
 * stream outgrows a chunk. Memory per write is about two chunks whatever the object's size.
 *
 * <p>An object of known size and expected MD5 up to {@link #STREAMED_CHUNKS} chunks goes up as one
 * request streamed from the source, without a chunk in memory: GCS checks the declared MD5 before
 * it stores anything. A resumable upload costs a request per chunk, and fake-gcs-server hashes the
 * whole upload again at each one (its time grows with the square of the size).
 *
 * <p>A resumable upload is finished (made visible) only by closing its channel, so a stream that is
 * short or fails its expected MD5 leaves the upload unfinished and nothing new under the key.
 */
final class GcsWriter {
  /**
   * The largest object, in chunks, sent as one streamed request: a failed request sends at most
   * this much again (S3 risks its parts in flight alike, 4 × 8 MiB by default).
   */
  static final int STREAMED_CHUNKS = 4;

  private final GcsConnection connection;
  private final String bucket;
  private final String prefix;
  private final String description;

  GcsWriter(GcsConnection connection, String bucket, String prefix, String description) {
    this.connection = connection;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
  }

  /**
   * Writes {@code key}, as {@link StorageBackend#put}, telling {@code sending} while a request
   * sends bytes already read.
   */
  ObjectInfo put(
      String key, InputStream data, long size, ObjectMetadata metadata, Runnable sending) {
    ObjectMetadata meta = metadata == null ? ObjectMetadata.EMPTY : metadata;
    int chunk = connection.chunkSize();
    DigestingInputStream digesting = new DigestingInputStream(data, size, meta.md5());
    PushbackInputStream in = new PushbackInputStream(digesting, 1);
    try {
      if (size > chunk && size <= (long) STREAMED_CHUNKS * chunk && meta.md5() != null) {
        return putStreamed(key, in, digesting, size, meta);
      }
      if (size > chunk) {
        return putResumable(key, new byte[0], in, digesting, size, meta, sending);
      }
      // Unknown length: read one chunk to tell a small object (one request) from a large one.
      byte[] first = StreamChunks.readUpTo(in, (int) (size >= 0 ? size : chunk));
      boolean single = size >= 0 || first.length < chunk || StreamChunks.atEnd(in);
      if (!single) {
        return putResumable(key, first, in, digesting, size, meta, sending);
      }
      if (size >= 0 && first.length != size) {
        throw shortStream(key, size, first.length);
      }
      return putSingle(key, first, digesting.hex(), meta, sending);
    } catch (DigestingInputStream.Mismatch e) {
      throw new ChecksumMismatchException(description + ": put " + key + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw GcsErrors.classify(description, "put " + key, e, false);
    }
  }

  /**
   * One request. The client sends the MD5 and CRC32C of the bytes with them, and GCS refuses an
   * object whose bytes do not match.
   */
  private ObjectInfo putSingle(
      String key, byte[] bytes, String md5, ObjectMetadata meta, Runnable sending)
      throws IOException {
    BlobInfo info = blobInfo(key, meta, md5);
    Callable<Blob> create =
        () -> connection.storage().create(info, bytes, BlobTargetOption.disableGzipContent());
    Blob blob;
    if (bytes.length <= GcsTransport.UNTIMED_BODY) {
      blob = call(() -> GcsTransport.untimed(create));
    } else if (bytes.length <= SlowSends.SENT_IN_PLACE) {
      blob = call(create);
    } else {
      blob = send(create, sending);
    }
    return written(key, blob, md5, meta);
  }

  /**
   * One request whose body streams from {@code in}, declaring the expected MD5: GCS refuses to
   * store other bytes, and a stream of another length fails the request before it ends. The
   * client's streamed create is deprecated only because it cannot retry; Temporal retries the whole
   * copy.
   */
  @SuppressWarnings("deprecation")
  private ObjectInfo putStreamed(
      String key, InputStream in, DigestingInputStream digesting, long size, ObjectMetadata meta)
      throws IOException {
    ExactLength source = new ExactLength(in, size);
    Blob blob;
    try {
      blob =
          connection
              .storage()
              .create(
                  blobInfo(key, meta, meta.md5()),
                  source,
                  BlobWriteOption.disableGzipContent(),
                  BlobWriteOption.md5Match());
    } catch (RuntimeException e) {
      if (source.count != size) {
        throw shortStream(key, size, source.count);
      }
      if (source.failure != null) {
        throw source.failure;
      }
      throw e;
    }
    return written(key, blob, digesting.hex(), meta);
  }

  /**
   * Fails a read that would end the stream at another length than expected, and keeps the first
   * failure of the source: the HTTP client reports instead the server's reply to the request the
   * failure cut off, which says only that the body ended early.
   */
  private static final class ExactLength extends FilterInputStream {
    private final long size;
    private long count;
    private IOException failure;

    ExactLength(InputStream in, long size) {
      super(in);
      this.size = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        count += Math.max(n, 0);
        if ((n < 0 && count < size) || count > size) {
          throw new IOException("the stream had another length than the expected " + size);
        }
        return n;
      } catch (IOException e) {
        failure = failure == null ? e : failure;
        throw e;
      }
    }
  }

  /**
   * A resumable upload of {@code first} and then the rest of {@code in}, in chunks. With an
   * expected MD5 the client's {@code md5Match} (deprecated, but the only way it keeps the MD5 in
   * the upload's resource) makes GCS refuse to finish an upload of other bytes.
   */
  @SuppressWarnings("deprecation")
  private ObjectInfo putResumable(
      String key,
      byte[] first,
      InputStream in,
      DigestingInputStream digesting,
      long size,
      ObjectMetadata meta,
      Runnable sending)
      throws IOException {
    List<BlobWriteOption> options = new ArrayList<>();
    options.add(BlobWriteOption.disableGzipContent());
    if (meta.md5() != null) {
      options.add(BlobWriteOption.md5Match());
    }
    WriteChannel channel =
        connection
            .storage()
            .writer(blobInfo(key, meta, meta.md5()), options.toArray(BlobWriteOption[]::new));
    channel.setChunkSize(connection.chunkSize());
    long total = 0;
    InputStream all = new SequenceInputStream(new ByteArrayInputStream(first), in);
    try {
      // A chunk is read here, then sent by another thread while this one tells `sending`: the
      // channel sends a chunk once it holds one, and a slow link takes long over it.
      byte[] chunk = new byte[connection.chunkSize()];
      for (int n; (n = all.readNBytes(chunk, 0, chunk.length)) > 0; ) {
        total += n;
        int length = n;
        send(() -> writeFully(channel, ByteBuffer.wrap(chunk, 0, length)), sending);
      }
      if (size >= 0 && total != size) {
        // Not closing the channel leaves the upload unfinished: nothing appears under the key.
        throw shortStream(key, size, total);
      }
      send(
          () -> {
            channel.close();
            return null;
          },
          sending);
    } catch (DigestingInputStream.Mismatch e) {
      throw e; // the source's bytes, not the session: put() tells it
    } catch (IOException | RuntimeException e) {
      throw GcsErrors.classifyResumed(description, "put " + key, e);
    }
    String md5 = digesting.hex();
    Blob blob = connection.storage().get(BlobId.of(bucket, prefix + key));
    if (blob == null) {
      throw new ChecksumMismatchException(
          description + ": put " + key + ": the finished upload is not there");
    }
    return written(key, blob, md5, meta);
  }

  private static Void writeFully(WriteChannel channel, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    return null;
  }

  /** Runs {@code request} on a sending thread, telling {@code sending} while it waits. */
  private <T> T send(Callable<T> request, Runnable sending) throws IOException {
    try {
      return SlowSends.await(connection.senders().submit(request), sending);
    } catch (CompletionException e) {
      throw rethrown(e.getCause());
    }
  }

  private static <T> T call(Callable<T> request) throws IOException {
    try {
      return request.call();
    } catch (Exception e) {
      throw rethrown(e);
    }
  }

  /** {@code failure} as it was raised, to be thrown again here. */
  private static IOException rethrown(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new InterruptedIOException("interrupted while sending");
    }
    throw new IllegalStateException(failure);
  }

  private BlobInfo blobInfo(String key, ObjectMetadata meta, String md5) {
    BlobInfo.Builder info = BlobInfo.newBuilder(BlobId.of(bucket, prefix + key));
    if (meta.contentType() != null) {
      info.setContentType(meta.contentType());
    }
    // Not Content-Encoding: GCS serves a gzip-encoded object unzipped to a reader that does not
    // ask for gzip (decompressive transcoding), so a check of the copy would read other bytes.
    ContentHeaders headers = meta.headers();
    info.setContentDisposition(headers.disposition())
        .setCacheControl(headers.cacheControl())
        .setContentLanguage(headers.language());
    if (!meta.userMetadata().isEmpty()) {
      info.setMetadata(new HashMap<>(meta.userMetadata()));
    }
    if (md5 != null) {
      info.setMd5(GcsObjects.base64Md5(md5));
    }
    if (connection.storageClass() != null) {
      info.setStorageClass(connection.storageClass());
    }
    return info.build();
  }

  /**
   * The stored object's info, checked against the MD5 of the bytes sent. GCS computes one for every
   * object it assembles from an upload; where it reports none, ferry records its own as {@code
   * ferry-md5} metadata so that later copies can still verify.
   */
  private ObjectInfo written(String key, Blob blob, String md5, ObjectMetadata meta) {
    String stored = GcsObjects.hexMd5(blob.getMd5());
    if (stored != null && !stored.equals(md5)) {
      throw new ChecksumMismatchException(
          description + ": put " + key + ": GCS holds MD5 " + stored + " but " + md5 + " was sent");
    }
    if (meta.md5() != null && !meta.md5().equals(md5)) {
      throw new ChecksumMismatchException(
          description + ": put " + key + ": MD5 " + md5 + ", expected " + meta.md5());
    }
    if (stored == null) {
      Map<String, String> user = new HashMap<>(meta.userMetadata());
      user.put(GcsObjects.MD5_METADATA, md5);
      blob = connection.storage().update(blob.toBuilder().setMetadata(user).build());
    }
    ObjectInfo info = GcsObjects.info(blob, prefix);
    return new ObjectInfo(
        key,
        info.size(),
        info.etag(),
        info.lastModified(),
        info.contentType(),
        info.userMetadata(),
        md5);
  }

  private ChecksumMismatchException shortStream(String key, long size, long actual) {
    return new ChecksumMismatchException(
        description
            + ": put "
            + key
            + ": expected "
            + size
            + " bytes but the stream had "
            + actual);
  }
}
