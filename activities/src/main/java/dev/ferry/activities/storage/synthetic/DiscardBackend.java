package dev.ferry.activities.storage.synthetic;

import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sink that reads every byte written to it, drops it and holds nothing: listings are empty, stat
 * finds nothing, deletes succeed. Given an expected MD5 it still checks the bytes, as every backend
 * must. It keeps nothing to verify: preflight refuses it as the destination of a verifying copy or
 * of a move. Thread-safe.
 */
public final class DiscardBackend implements StorageBackend {
  private final AtomicLong objects = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  private DiscardBackend() {}

  /** A new sink with its counters at zero. */
  public static DiscardBackend create() {
    return new DiscardBackend();
  }

  /** Objects written to this instance so far. */
  public long objectsWritten() {
    return objects.get();
  }

  /** Bytes written to this instance so far. */
  public long bytesWritten() {
    return bytes.get();
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
    }
    return new ListPage(List.of(), false);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return Optional.empty();
  }

  @Override
  public InputStream open(String key) {
    throw new NotFoundException(describe() + " holds nothing: " + key);
  }

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    ObjectMetadata meta = metadata == null ? ObjectMetadata.EMPTY : metadata;
    long n;
    // The caller owns (and closes) data.
    InputStream in = meta.md5() == null ? data : new DigestingInputStream(data, size, meta.md5());
    try {
      n = drain(in, size);
    } catch (DigestingInputStream.Mismatch e) {
      throw new ChecksumMismatchException(describe() + ": put " + key + ": " + e.getMessage());
    } catch (IOException e) {
      throw new RetryableStorageException(
          describe() + ": reading the upload of " + key + " failed: " + e.getMessage(), e);
    }
    if (size >= 0 && n != size) {
      throw new ChecksumMismatchException(
          describe() + ": put " + key + ": expected " + size + " bytes, the stream had " + n);
    }
    objects.incrementAndGet();
    bytes.addAndGet(n);
    return new ObjectInfo(
        key, n, null, Instant.now(), meta.contentType(), meta.userMetadata(), null);
  }

  /**
   * Reads {@code in} to its end. {@code transferTo} would allocate 8 KiB per object, most of the
   * sink's own cost when the objects are empty: the buffer is sized to the object instead.
   */
  private static long drain(InputStream in, long size) throws IOException {
    byte[] buffer = new byte[(int) Math.min(8192, size < 0 ? 8192 : size + 1)];
    long n = 0;
    for (int r; (r = in.read(buffer)) != -1; ) {
      n += r;
    }
    return n;
  }

  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    return List.of();
  }

  @Override
  public boolean keepsObjects() {
    return false;
  }

  @Override
  public String describe() {
    return "discard";
  }

  @Override
  public String toString() {
    return describe();
  }
}
