package dev.ferry.activities.testing;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageBackend;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** A backend that passes every call to another; tests override the calls they change. */
public class ForwardingBackend implements StorageBackend {
  private final StorageBackend delegate;
  private final String description;

  public ForwardingBackend(StorageBackend delegate, String description) {
    this.delegate = delegate;
    this.description = description;
  }

  /** {@code backend}, saying that it checks what it is sent on arrival, as S3 does. */
  public static StorageBackend checkingWrites(StorageBackend backend) {
    return new ForwardingBackend(backend, "checking " + backend) {
      @Override
      public boolean checksWrites() {
        return true;
      }
    };
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    return delegate.list(startAfter, lastKey, maxKeys);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return delegate.stat(key);
  }

  @Override
  public InputStream open(String key) {
    return delegate.open(key);
  }

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    return delegate.put(key, data, size, metadata);
  }

  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    return delegate.delete(keys);
  }

  @Override
  public boolean keepsModTimes() {
    return delegate.keepsModTimes();
  }

  @Override
  public String describe() {
    return description;
  }
}
