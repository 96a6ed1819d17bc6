package dev.ferry.activities.testing;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory object store for tests: thread-safe, ordered like every backend (code-point order of
 * keys, which is UTF-8 byte order), with ETags that are MD5s like S3's single-part uploads.
 *
 * <p>With {@code storesChecksums} false it behaves like a filesystem: listings and stats carry no
 * checksum, so callers must read bytes to get one. An {@link Interceptor} can fail or observe any
 * operation, for fault-injection tests.
 */
public final class MemoryBackend implements StorageBackend {
  /** Observes (and may throw from) every operation before it runs. */
  @FunctionalInterface
  public interface Interceptor {
    /**
     * Called before {@code op} ({@code list}, {@code stat}, {@code open}, {@code put}, {@code
     * delete}) on {@code key} (the cursor for list, may be null).
     */
    void before(String op, String key);
  }

  private record Stored(byte[] data, ObjectMetadata metadata, String md5, Instant modified) {}

  private static final Comparator<String> KEY_ORDER = KeyOrder.COMPARATOR;

  private final String name;
  private final boolean storesChecksums;
  private volatile boolean keepsTags;
  private final NavigableMap<String, Stored> objects = new ConcurrentSkipListMap<>(KEY_ORDER);
  private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  private final AtomicLong puts = new AtomicLong();
  private final AtomicLong deletes = new AtomicLong();
  private volatile Interceptor interceptor = (op, key) -> {};

  public MemoryBackend(String name) {
    this(name, true);
  }

  public MemoryBackend(String name, boolean storesChecksums) {
    this.name = name;
    this.storesChecksums = storesChecksums;
  }

  /** Replaces the interceptor (fault injection); {@code null} restores the no-op. */
  public void intercept(Interceptor next) {
    this.interceptor = next == null ? (op, key) -> {} : next;
  }

  /** From now on, says it keeps tags, as an S3 or Azure destination does; it stores them too. */
  public MemoryBackend keepingTags() {
    keepsTags = true;
    return this;
  }

  @Override
  public boolean keepsTags() {
    return keepsTags;
  }

  /** Stores bytes directly, bypassing the interceptor. */
  public void putBytes(String key, byte[] data) {
    putBytes(key, data, ObjectMetadata.EMPTY);
  }

  /** Stores bytes and metadata directly, bypassing the interceptor. */
  public void putBytes(String key, byte[] data, ObjectMetadata metadata) {
    objects.put(
        key,
        new Stored(data.clone(), metadata, md5(data), Instant.ofEpochMilli(clock.addAndGet(1000))));
  }

  /** Drops every object, as a bucket deleted and created again would. */
  public void clear() {
    objects.clear();
  }

  /** The bytes under {@code key}, or null. */
  public byte[] bytes(String key) {
    Stored s = objects.get(key);
    return s == null ? null : s.data().clone();
  }

  /** The metadata stored under {@code key}, or null. */
  public ObjectMetadata storedMetadata(String key) {
    Stored s = objects.get(key);
    return s == null ? null : s.metadata();
  }

  /** All keys, in order. */
  public List<String> keys() {
    return new ArrayList<>(objects.keySet());
  }

  public int size() {
    return objects.size();
  }

  /** How many {@code put}s went through the SPI. */
  public long putCount() {
    return puts.get();
  }

  /** How many keys were deleted through the SPI. */
  public long deleteCount() {
    return deletes.get();
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    interceptor.before("list", startAfter);
    NavigableMap<String, Stored> view = objects;
    if (startAfter != null) {
      view = view.tailMap(startAfter, false);
    }
    if (lastKey != null) {
      view = view.headMap(lastKey, true);
    }
    List<ObjectInfo> page = new ArrayList<>();
    boolean truncated = false;
    for (Map.Entry<String, Stored> e : view.entrySet()) {
      if (page.size() == maxKeys) {
        truncated = true;
        break;
      }
      page.add(info(e.getKey(), e.getValue()));
    }
    return new ListPage(page, truncated);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    interceptor.before("stat", key);
    Stored s = objects.get(key);
    return s == null ? Optional.empty() : Optional.of(info(key, s));
  }

  @Override
  public InputStream open(String key) {
    interceptor.before("open", key);
    Stored s = objects.get(key);
    if (s == null) {
      throw new NotFoundException("no object " + key + " in " + describe());
    }
    return new ByteArrayInputStream(s.data());
  }

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    interceptor.before("put", key);
    byte[] bytes;
    try {
      bytes = data.readAllBytes();
    } catch (IOException e) {
      throw new RetryableStorageException("reading the upload of " + key + " failed", e);
    }
    // Like an object store, keep content-type and user metadata but set the time ourselves.
    putBytes(
        key,
        bytes,
        metadata == null
            ? ObjectMetadata.EMPTY
            : new ObjectMetadata(metadata.contentType(), metadata.userMetadata()));
    puts.incrementAndGet();
    ObjectInfo written = info(key, objects.get(key));
    // Like an S3 PUT, the store knows the MD5 of what it received even if listings do not say it.
    return new ObjectInfo(
        key,
        written.size(),
        written.etag(),
        written.lastModified(),
        written.contentType(),
        written.userMetadata(),
        md5(bytes));
  }

  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    for (String key : keys) {
      interceptor.before("delete", key);
    }
    for (String key : keys) {
      if (objects.remove(key) != null) {
        deletes.incrementAndGet();
      }
    }
    return List.of();
  }

  @Override
  public String locationId() {
    return "memory:" + name;
  }

  @Override
  public String describe() {
    return "memory " + name;
  }

  private ObjectInfo info(String key, Stored s) {
    return new ObjectInfo(
        key,
        s.data().length,
        s.md5(),
        s.modified(),
        s.metadata().contentType(),
        s.metadata().userMetadata(),
        storesChecksums ? s.md5() : null);
  }

  static String md5(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
