package dev.ferry.activities.testing;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sink that reads and drops every byte written to it and holds nothing: for measuring throughput
 * and for scale tests where only the counters matter.
 */
public final class DiscardingBackend implements StorageBackend {
  private final AtomicLong objects = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  /** Objects written so far. */
  public long objectsWritten() {
    return objects.get();
  }

  /** Bytes written so far. */
  public long bytesWritten() {
    return bytes.get();
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    return new ListPage(List.of(), false);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return Optional.empty();
  }

  @Override
  public InputStream open(String key) {
    throw new NotFoundException("the discarding sink holds nothing: " + key);
  }

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    long n;
    try {
      n = data.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new RetryableStorageException("reading the upload of " + key + " failed", e);
    }
    objects.incrementAndGet();
    bytes.addAndGet(n);
    return new ObjectInfo(
        key, n, null, Instant.EPOCH, metadata.contentType(), metadata.userMetadata(), null);
  }

  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    return List.of();
  }

  @Override
  public String describe() {
    return "discard";
  }
}
