package dev.ferry.activities.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One location of objects: a bucket and prefix of an object store, or a directory tree.
 *
 * <p>Keys are {@code /}-separated and relative to the location (its prefix or root). Listing is in
 * lexicographic order of the keys' UTF-8 bytes, so two backends can be merge-listed side by side.
 * Every method throws {@link StorageException} subclasses only: {@link NotFoundException}, {@link
 * PermanentStorageException}, {@link RetryableStorageException}, {@link ChecksumMismatchException}.
 * No message ever contains a credential.
 *
 * <p>Optional capabilities are separate interfaces that callers test for: {@link ServerSideCopy}.
 */
public interface StorageBackend extends AutoCloseable {

  /**
   * Lists at most {@code maxKeys} objects with {@code startAfter < key <= lastKey}.
   *
   * @param startAfter exclusive lower bound, or null to start at the first key
   * @param lastKey inclusive upper bound, or null for no bound
   * @param maxKeys page size, at least 1
   * @return the page; {@link ListPage#truncated()} says whether more keys may follow within the
   *     bound
   */
  ListPage list(String startAfter, String lastKey, int maxKeys);

  /** The object's info, or empty when there is no object under {@code key}. */
  Optional<ObjectInfo> stat(String key);

  /**
   * Opens the object's bytes for reading; the caller closes the stream.
   *
   * @throws NotFoundException when there is no object under {@code key}
   */
  InputStream open(String key);

  /**
   * Stores {@code data} under {@code key}, replacing any object there. The object becomes visible
   * under its key only once complete. Memory use is bounded by the part size, not the object size.
   *
   * @param size the number of bytes, or -1 when unknown
   * @param metadata content-type and user metadata to store with the object
   * @return the stored object's info, with {@link ObjectInfo#checksum()} of the bytes written
   */
  ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata);

  /**
   * As {@link #put}, telling {@code sending} every few seconds while the write waits for the store
   * to take bytes it has already read (a block or chunk in flight on a slow link), so that the
   * caller can show it is alive. A request that stops moving bytes fails by the client's own I/O
   * timeout. Backends whose writes read {@code data} only as they send it need not override this.
   */
  default ObjectInfo put(
      String key, InputStream data, long size, ObjectMetadata metadata, Runnable sending) {
    return put(key, data, size, metadata);
  }

  /**
   * Deletes the given keys; a key that does not exist counts as deleted.
   *
   * @return the keys that could not be deleted with the reason for each; empty when all went
   */
  List<DeleteFailure> delete(List<String> keys);

  /**
   * Deletes each of {@code listed} only while it is still the object listed, so a write that lands
   * after the listing is never deleted with it: one that changed comes back as {@link
   * DeleteFailure#changed}, one already gone counts as deleted. The default asks for each object
   * again just before the batch delete ({@link UnchangedObjects}), which narrows the window to one
   * stat; stores that take a condition on a delete override it to close it.
   */
  default List<DeleteFailure> deleteUnchanged(List<ObjectInfo> listed) {
    return UnchangedObjects.deleteAfterStat(this, listed);
  }

  /**
   * The metadata to carry to a copy of an object found by {@link #list}: its content-type, user
   * metadata, modification time and stored checksum ({@link ObjectInfo#copyMetadata()}). Listings
   * may leave content-type, user metadata and checksum out (S3's does); backends whose listings do
   * so look them up here, one stat per object. Passing the result to {@link #put} makes the
   * destination verify the bytes on the way.
   *
   * @throws NotFoundException when the object is gone
   */
  default ObjectMetadata metadataOf(ObjectInfo listed) {
    return listed.copyMetadata();
  }

  /**
   * Throws, as reading it would, for a listed object this backend can never read (a file whose name
   * is not UTF-8), without reading: a dry run fails what the real run would. The default knows
   * none.
   *
   * @throws PermanentStorageException naming the object and why
   */
  default void refuseUnreadable(ObjectInfo listed) {}

  /**
   * Where the objects live, canonically: {@code file:/abs/root} or {@code
   * s3:ENDPOINT/BUCKET/PREFIX}. One location lies inside another exactly when its id equals the
   * other's or continues it after a {@code /}; preflight refuses such pairs whatever profiles or
   * paths name them. The default identifies the backend by {@link #describe()} alone.
   */
  default String locationId() {
    return "backend:" + describe();
  }

  /**
   * Whether a {@link #put} that returns was checked by the store itself against checksums of the
   * bytes sent, so that its success is the store's own receipt for exactly those bytes (S3: the
   * server refuses a PUT whose {@code Content-MD5}, or a part whose CRC32C, does not match). The
   * default is false: the writer's own hashing proves nothing about what the store kept.
   */
  default boolean checksWrites() {
    return false;
  }

  /**
   * Whether asking for each key of a range by name ({@link #stat}) costs less than listing the
   * range, so that a walk needing only the source's keys (verify, the look on resume) asks for each
   * instead. A filesystem: one stat per key, where a listing stats every file too and, in a
   * directory being written, reads the whole directory for every page. The default is false: an
   * object store answers a thousand keys in one listing request, and a request for each.
   */
  default boolean looksUpKeysCheaply() {
    return false;
  }

  /**
   * Whether objects written here keep the tags a copy carries (S3 object tags, Azure blob index
   * tags, where the profile copies them). A source reads tags only for a destination that keeps
   * them. The default is false.
   */
  default boolean keepsTags() {
    return false;
  }

  /**
   * Whether an object's {@link ObjectInfo#lastModified()} is its modification time as whoever wrote
   * it chose it (a filesystem's mtime, which a copy sets), rather than when the store received it
   * (S3's {@code LastModified}). Object stores keep a file's time as {@link ModTime} user metadata
   * instead. The default is false.
   */
  default boolean keepsModTimes() {
    return false;
  }

  /**
   * Whether what is written can be read back: false for a sink that drops it, where verifying a
   * copy finds nothing and a move would delete its sources for nothing. The default is true.
   */
  default boolean keepsObjects() {
    return true;
  }

  /**
   * Whether an empty object whose key ends in {@code /} (a directory marker, as consoles create for
   * folders) can be written here. A filesystem keeps directories, not such objects: a migration
   * into one leaves markers out, as rclone does, and the files under a marker make its directory.
   * The default is true.
   */
  default boolean keepsDirectoryMarkers() {
    return true;
  }

  /**
   * Whether the location's root (directory or bucket) exists. A destination may lack it (the first
   * write creates it); a source that lacks it is a mistake, not an empty migration.
   */
  default boolean rootExists() {
    return true;
  }

  /**
   * Why no object answers to {@code key}, which a key list named: by default that none is there; a
   * filesystem names what is there instead of a regular file (a symlink, a FIFO, a directory).
   */
  default String whyNoObject(String key) {
    return "not found at the source";
  }

  /** A description for logs and errors, e.g. {@code s3 src:bucket/prefix}; no secrets. */
  String describe();

  /** Releases connections and threads; the default does nothing. */
  @Override
  default void close() {}
}
