package dev.ferry.activities.storage.synthetic;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only source of {@code count} generated objects, keys {@code obj-000000000} upward (laid
 * out as its {@link KeyShape} says), each of {@code objectSize} bytes derived from its index: the
 * same bytes on every run, and a billion objects cost no memory. Listing is index arithmetic, as
 * fast as its caller unless its {@link StoreBehaviour} adds a page size and latencies like a real
 * store's; writes and deletes are refused as permanent errors. Thread-safe (immutable).
 */
public final class SyntheticBackend implements StorageBackend {
  /** Most objects a synthetic source can hold: the keys have nine digits. */
  public static final long MAX_COUNT = 1_000_000_000L;

  private static final Instant MODIFIED = Instant.parse("2026-01-01T00:00:00Z");
  private static final String CONTENT_TYPE = "application/octet-stream";

  private final long count;
  private final long objectSize;
  private final StoreBehaviour behaviour;

  private SyntheticBackend(long count, long objectSize, StoreBehaviour behaviour) {
    this.count = count;
    this.objectSize = objectSize;
    this.behaviour = behaviour;
  }

  /**
   * A source of {@code count} objects of {@code objectSize} bytes each.
   *
   * @throws IllegalArgumentException when {@code count} is outside {@code 0..MAX_COUNT - 1} or
   *     {@code objectSize} is negative
   */
  public static SyntheticBackend create(long count, long objectSize) {
    return create(count, objectSize, StoreBehaviour.INSTANT);
  }

  /** As {@link #create(long, long)}, behaving as {@code behaviour} says. */
  public static SyntheticBackend create(long count, long objectSize, StoreBehaviour behaviour) {
    if (count < 0 || count >= MAX_COUNT) {
      throw new IllegalArgumentException(
          "count must be within 0.." + (MAX_COUNT - 1) + ", got " + count);
    }
    if (objectSize < 0) {
      throw new IllegalArgumentException("objectSize must not be negative, got " + objectSize);
    }
    return new SyntheticBackend(count, objectSize, behaviour);
  }

  /** The key of object {@code index} of a flat source: {@code obj-} and nine digits. */
  public static String key(long index) {
    return KeyShape.objectName(index);
  }

  /** The number of objects. */
  public long count() {
    return count;
  }

  /** The size of every object in bytes. */
  public long objectSize() {
    return objectSize;
  }

  /** Total bytes of all objects. */
  public long totalBytes() {
    return count * objectSize;
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
    }
    pause(behaviour.listLatencyMillis());
    int most = behaviour.pageSize() > 0 ? Math.min(maxKeys, behaviour.pageSize()) : maxKeys;
    long from = startAfter == null ? 0 : firstIndexAfter(startAfter);
    long to = lastKey == null ? count - 1 : firstIndexAfter(lastKey) - 1;
    List<ObjectInfo> page = new ArrayList<>((int) Math.max(0, Math.min(most, to - from + 1)));
    long i = from;
    for (; i <= to && page.size() < most; i++) {
      page.add(info(i));
    }
    return new ListPage(page, i <= to);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    pause(behaviour.getLatencyMillis());
    long i = index(key);
    return i < 0 ? Optional.empty() : Optional.of(info(i));
  }

  @Override
  public InputStream open(String key) {
    pause(behaviour.getLatencyMillis());
    long i = index(key);
    if (i < 0) {
      throw new NotFoundException(describe() + ": no object " + key);
    }
    if (behaviour.fails(i)) {
      throw new PermanentStorageException(
          describe() + ": " + key + " cannot be read (failEvery: " + behaviour.failEvery() + ")");
    }
    return new GeneratedInputStream(i, objectSize);
  }

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    throw new PermanentStorageException(describe() + " is read-only: cannot write " + key);
  }

  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    throw new PermanentStorageException(describe() + " is read-only: cannot delete");
  }

  @Override
  public String describe() {
    return "synthetic " + count + " x " + objectSize + " B";
  }

  @Override
  public String toString() {
    return describe();
  }

  private ObjectInfo info(long i) {
    return new ObjectInfo(keyOf(i), objectSize, "syn-" + i, MODIFIED, CONTENT_TYPE, Map.of(), null);
  }

  /**
   * The index {@code key} names, or -1 when it names no object of this source. Every key ends in
   * its index's nine digits, so this is read from the key, not searched for: a search built some 30
   * keys per object read, a cost no store puts on its client.
   */
  private long index(String key) {
    long i = KeyShape.indexIn(key);
    return i >= 0 && i < count && keyOf(i).equals(key) ? i : -1;
  }

  private String keyOf(long index) {
    return behaviour.shape().key(index, count, behaviour.fanOut());
  }

  /** Waits as a store's request would; an interrupt ends the wait as a retryable failure. */
  private void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableStorageException(describe() + ": interrupted", e);
    }
  }

  /** The smallest index whose key sorts after {@code key}, for any string. */
  private long firstIndexAfter(String key) {
    long lo = 0;
    long hi = count;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (keyOf(mid).compareTo(key) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The bytes of object {@code index}: byte {@code j} is {@code index * 31 + j}, truncated. */
  private static final class GeneratedInputStream extends InputStream {
    private final long index;
    private final long size;
    private long position;

    GeneratedInputStream(long index, long size) {
      this.index = index;
      this.size = size;
    }

    @Override
    public int read() {
      return position < size ? (byte) (index * 31 + position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int j = 0; j < n; j++) {
        b[off + j] = (byte) (index * 31 + position + j);
      }
      position += n;
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, size - position);
    }
  }
}
