package dev.ferry.activities.storage;

import java.time.Instant;
import java.util.Map;

/**
 * What a backend knows about one object without reading its bytes.
 *
 * @param key the key relative to the location
 * @param size the size in bytes
 * @param etag the store's ETag (for files: a fingerprint of size and mtime), or null
 * @param lastModified the modification time
 * @param contentType the MIME type, or null when unknown
 * @param userMetadata user metadata, without ferry's own checksum entry
 * @param checksum hex MD5 of the bytes when the store already holds it (ferry's metadata or a
 *     single-part ETag), else null; listings may leave it null where only a stat knows it
 */
public record ObjectInfo(
    String key,
    long size,
    String etag,
    Instant lastModified,
    String contentType,
    Map<String, String> userMetadata,
    String checksum) {
  public ObjectInfo {
    userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
  }

  /** The content-type and user metadata to carry to a copy (no modification time). */
  public ObjectMetadata metadata() {
    return new ObjectMetadata(contentType, userMetadata);
  }

  /**
   * Everything a copy of this object should carry: content-type, user metadata, modification time
   * and, when known, the checksum the copy's bytes must have.
   */
  public ObjectMetadata copyMetadata() {
    return new ObjectMetadata(contentType, userMetadata, lastModified, checksum);
  }
}
