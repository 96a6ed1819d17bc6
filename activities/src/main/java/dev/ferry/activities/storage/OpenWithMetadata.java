package dev.ferry.activities.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Optional capability: open an object's bytes and learn the metadata a copy carries from the same
 * request. Object stores answer a GET with the headers a HEAD would give, so a copy saves the
 * {@link StorageBackend#metadataOf} round trip per object.
 */
public interface OpenWithMetadata {

  /** An opened object: its bytes, which the caller closes, and what a copy of it carries. */
  record Opened(InputStream data, ObjectMetadata metadata) {

    /**
     * {@code data} with the metadata {@code metadata} supplies; when that fails (a tag read
     * refused, say) the bytes are closed before the failure goes on, so no connection is left open.
     */
    public static Opened closingOnFailure(InputStream data, Supplier<ObjectMetadata> metadata) {
      try {
        return new Opened(data, metadata.get());
      } catch (RuntimeException e) {
        try {
          data.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
  }

  /**
   * Opens the object {@code listed} names; the metadata is what {@link
   * StorageBackend#metadataOf(ObjectInfo)} would return for it.
   *
   * @throws NotFoundException when the object is gone
   */
  Opened openWithMetadata(ObjectInfo listed);

  /**
   * As {@link #openWithMetadata(ObjectInfo)}, reading the object's tags only when {@code tags}:
   * they cost a request, and a destination that keeps none needs none.
   */
  default Opened openWithMetadata(ObjectInfo listed, boolean tags) {
    return openWithMetadata(listed);
  }

  /**
   * Opens the object {@code listed} names on {@code source} with the metadata a copy carries: from
   * one request where the source can, else by {@link StorageBackend#metadataOf} and {@link
   * StorageBackend#open}; with the object's tags where {@code tags} and the source has them.
   */
  static Opened open(StorageBackend source, ObjectInfo listed, boolean tags) {
    if (source instanceof OpenWithMetadata reader) {
      return reader.openWithMetadata(listed, tags);
    }
    ObjectMetadata metadata = source.metadataOf(listed);
    return new Opened(source.open(listed.key()), metadata);
  }
}
