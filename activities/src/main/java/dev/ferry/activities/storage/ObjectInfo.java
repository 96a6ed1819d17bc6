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
 * @param checksumProven whether the store computed {@code checksum} itself from the bytes it holds
 *     (S3's single-part ETag, GCS's MD5), rather than keeping a claim anyone can write beside any
 *     bytes (ferry's or rclone's metadata tag, an Azure Content-MD5, a file's cached attribute)
 * @param headers the other standard properties; listings that do not carry them give none
 */
public record ObjectInfo(
    String key,
    long size,
    String etag,
    Instant lastModified,
    String contentType,
    Map<String, String> userMetadata,
    String checksum,
    boolean checksumProven,
    ContentHeaders headers) {
  public ObjectInfo {
    userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    headers = headers == null ? ContentHeaders.NONE : headers;
  }

  /** An object without other standard properties. */
  public ObjectInfo(
      String key,
      long size,
      String etag,
      Instant lastModified,
      String contentType,
      Map<String, String> userMetadata,
      String checksum,
      boolean checksumProven) {
    this(
        key,
        size,
        etag,
        lastModified,
        contentType,
        userMetadata,
        checksum,
        checksumProven,
        ContentHeaders.NONE);
  }

  /** An object whose checksum, if any, is a claim (see {@link #checksumProven}). */
  public ObjectInfo(
      String key,
      long size,
      String etag,
      Instant lastModified,
      String contentType,
      Map<String, String> userMetadata,
      String checksum) {
    this(key, size, etag, lastModified, contentType, userMetadata, checksum, false);
  }

  /** The content-type and user metadata to carry to a copy (no modification time). */
  public ObjectMetadata metadata() {
    return new ObjectMetadata(contentType, userMetadata, null, null, headers);
  }

  /**
   * Everything a copy of this object should carry: content-type, user metadata, the other standard
   * properties, modification time and, when known, the checksum the copy's bytes must have.
   */
  public ObjectMetadata copyMetadata() {
    return copyMetadata(lastModified);
  }

  /** {@link #copyMetadata()} with another modification time, such as the listing's. */
  public ObjectMetadata copyMetadata(Instant modified) {
    return new ObjectMetadata(contentType, userMetadata, modified, checksum, headers);
  }
}
