package dev.ferry.activities.storage;

import java.time.Instant;
import java.util.Map;

/**
 * What travels with an object's bytes.
 *
 * @param contentType the MIME type, or null when unknown
 * @param userMetadata user metadata without any {@code x-amz-meta-} prefix; never null
 * @param modTime the modification time to keep where the backend can set it (filesystems), or null
 *     for "now"; object stores set their own
 * @param md5 the hex MD5 the bytes must have, when the caller knows it (the source's stored
 *     checksum), else null. A backend given one stores it as the object's checksum without a second
 *     pass, and refuses the object with a {@link ChecksumMismatchException}, leaving nothing new
 *     under the key, when the bytes it received differ.
 * @param headers the object's other standard properties ({@code Content-Encoding}, ...); never null
 * @param tags the object's tags (S3 object tagging), in the order the store gave them; never null
 */
public record ObjectMetadata(
    String contentType,
    Map<String, String> userMetadata,
    Instant modTime,
    String md5,
    ContentHeaders headers,
    Map<String, String> tags) {
  public static final ObjectMetadata EMPTY = new ObjectMetadata(null, Map.of());

  public ObjectMetadata {
    userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    md5 = md5 == null ? null : md5.toLowerCase(java.util.Locale.ROOT);
    headers = headers == null ? ContentHeaders.NONE : headers;
    tags = tags == null || tags.isEmpty() ? Map.of() : emptyForNull(tags);
  }

  /** Metadata without tags. */
  public ObjectMetadata(
      String contentType,
      Map<String, String> userMetadata,
      Instant modTime,
      String md5,
      ContentHeaders headers) {
    this(contentType, userMetadata, modTime, md5, headers, Map.of());
  }

  /** A copy of {@code tags} in their order, a value given as null (Azure's empty tag) as empty. */
  private static Map<String, String> emptyForNull(Map<String, String> tags) {
    Map<String, String> copy = new java.util.LinkedHashMap<>();
    tags.forEach((name, value) -> copy.put(name, value == null ? "" : value));
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** This metadata with {@code tags} instead of its own. */
  public ObjectMetadata withTags(Map<String, String> tags) {
    return new ObjectMetadata(contentType, userMetadata, modTime, md5, headers, tags);
  }

  /** Metadata without other standard properties. */
  public ObjectMetadata(
      String contentType, Map<String, String> userMetadata, Instant modTime, String md5) {
    this(contentType, userMetadata, modTime, md5, ContentHeaders.NONE);
  }

  /** Metadata without a modification time or expected checksum. */
  public ObjectMetadata(String contentType, Map<String, String> userMetadata) {
    this(contentType, userMetadata, null, null);
  }

  /** Metadata with a modification time, without an expected checksum. */
  public ObjectMetadata(String contentType, Map<String, String> userMetadata, Instant modTime) {
    this(contentType, userMetadata, modTime, null);
  }
}
