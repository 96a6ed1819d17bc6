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
 */
public record ObjectMetadata(
    String contentType, Map<String, String> userMetadata, Instant modTime) {
  public static final ObjectMetadata EMPTY = new ObjectMetadata(null, Map.of());

  public ObjectMetadata {
    userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
  }

  /** Metadata without a modification time. */
  public ObjectMetadata(String contentType, Map<String, String> userMetadata) {
    this(contentType, userMetadata, null);
  }
}
