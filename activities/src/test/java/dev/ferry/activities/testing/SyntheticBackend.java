package dev.ferry.activities.testing;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only source of {@code count} generated objects, {@code obj-000000000} upward, each of
 * {@code objectSize} bytes derived from its index: a million objects cost no memory. Listing is
 * index arithmetic, so it is as fast as the caller.
 */
public final class SyntheticBackend implements StorageBackend {
  private static final String PREFIX = "obj-";
  private static final int DIGITS = 9;
  private static final Instant MODIFIED = Instant.parse("2026-01-01T00:00:00Z");

  private final long count;
  private final int objectSize;

  public SyntheticBackend(long count, int objectSize) {
    if (count < 0 || count >= 1_000_000_000L || objectSize < 0) {
      throw new IllegalArgumentException("count " + count + " / objectSize " + objectSize);
    }
    this.count = count;
    this.objectSize = objectSize;
  }

  /** The key of object {@code index}. */
  public static String key(long index) {
    return PREFIX + String.format("%0" + DIGITS + "d", index);
  }

  public long count() {
    return count;
  }

  /** Total bytes of all objects. */
  public long totalBytes() {
    return count * objectSize;
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    long from = startAfter == null ? 0 : firstIndexAfter(startAfter);
    long to = lastKey == null ? count - 1 : Math.min(count - 1, lastIndexAtOrBefore(lastKey));
    List<ObjectInfo> page = new ArrayList<>();
    long i = from;
    for (; i <= to && page.size() < maxKeys; i++) {
      page.add(info(i));
    }
    return new ListPage(page, i <= to);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    long i = index(key);
    return i < 0 ? Optional.empty() : Optional.of(info(i));
  }

  @Override
  public InputStream open(String key) {
    long i = index(key);
    if (i < 0) {
      throw new NotFoundException("no synthetic object " + key);
    }
    return new ByteArrayInputStream(content(i));
  }

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    throw new PermanentStorageException("the synthetic source is read-only");
  }

  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    throw new PermanentStorageException("the synthetic source is read-only");
  }

  @Override
  public String describe() {
    return "synthetic " + count + " x " + objectSize + " B";
  }

  private ObjectInfo info(long i) {
    return new ObjectInfo(
        key(i), objectSize, "syn-" + i, MODIFIED, "application/octet-stream", Map.of(), null);
  }

  private byte[] content(long i) {
    byte[] b = new byte[objectSize];
    for (int j = 0; j < objectSize; j++) {
      b[j] = (byte) (i * 31 + j);
    }
    return b;
  }

  private long index(String key) {
    if (key.length() != PREFIX.length() + DIGITS || !key.startsWith(PREFIX)) {
      return -1;
    }
    try {
      long i = Long.parseLong(key.substring(PREFIX.length()));
      return i < count ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Smallest index whose key sorts after {@code key}. */
  private long firstIndexAfter(String key) {
    long lo = 0;
    long hi = count;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (key(mid).compareTo(key) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Largest index whose key sorts at or before {@code key}; -1 when none. */
  private long lastIndexAtOrBefore(String key) {
    return firstIndexAfter(key) - 1;
  }
}
