package dev.ferry.activities.storage;

/** Optional capability: copy an object inside one store without moving its bytes through us. */
public interface ServerSideCopy {

  /** Whether this backend can copy from {@code source} server-side (same endpoint and account). */
  boolean canCopyFrom(StorageBackend source);

  /**
   * Copies {@code sourceKey} of {@code source} to {@code key} of this backend.
   *
   * @return the info of the new object
   */
  ObjectInfo copyFrom(StorageBackend source, String sourceKey, String key, ObjectInfo sourceInfo);
}
