package dev.ferry.activities.storage;

import java.util.Map;

/**
 * What user metadata an HTTP header can carry. S3 sends each entry as a header {@code
 * x-amz-meta-NAME}, so a name must be an HTTP token: a server that splits {@code x-amz-meta-a:b: c}
 * at its first colon stores {@code a} with the value {@code b: c} (moto did), and others refuse the
 * request with a signature error that points at the credentials. Azure's metadata values are
 * headers too, and its SDK refuses one that is not ASCII with a bare IllegalArgumentException. Both
 * are refused here per object, naming the entry.
 */
public final class HeaderMetadata {
  private HeaderMetadata() {}

  /** Refuses {@code key} when a name in {@code metadata} cannot be part of a header's name. */
  public static void requireTokenNames(String store, String key, Map<String, String> metadata) {
    for (String name : metadata.keySet()) {
      if (name.isEmpty() || !name.chars().allMatch(HeaderMetadata::isTokenChar)) {
        throw new PermanentStorageException(
            "put "
                + key
                + ": user metadata name '"
                + name
                + "' cannot be sent to "
                + store
                + ", which carries each entry as an HTTP header named after it (letters,"
                + " digits and !#$%&'*+-.^_`|~ only); rename or drop it at the source");
      }
    }
  }

  /** Refuses {@code key} when a value in {@code metadata} is not printable ASCII. */
  public static void requireAsciiValues(String store, String key, Map<String, String> metadata) {
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (!e.getValue().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        throw new PermanentStorageException(
            "put "
                + key
                + ": user metadata '"
                + e.getKey()
                + "' has a value with characters "
                + store
                + " cannot carry (only printable ASCII: no accents, no tabs or other control"
                + " characters); change it at the source");
      }
    }
  }

  /** RFC 9110's {@code tchar}. */
  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
