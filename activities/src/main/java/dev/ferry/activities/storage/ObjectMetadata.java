package dev.ferry.activities.storage;

import java.util.Map;

/**
 * What travels with an object's bytes.
 *
 * @param contentType the MIME type, or null when unknown
 * @param userMetadata user metadata without any {@code x-amz-meta-} prefix; never null
 */
public record ObjectMetadata(String contentType, Map<String, String> userMetadata) {
  public static final ObjectMetadata EMPTY = new ObjectMetadata(null, Map.of());

  public ObjectMetadata {
    userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
  }
}
