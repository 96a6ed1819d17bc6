package dev.ferry.activities.storage;

import java.util.Comparator;

/**
 * The key order every backend lists in: lexicographic over UTF-8 bytes, as S3 orders keys.
 *
 * <p>UTF-8 byte order equals code-point order, which differs from {@link String#compareTo} (UTF-16
 * units) for characters beyond the Basic Multilingual Plane; merge-listing two backends needs the
 * same order on both sides.
 */
public final class KeyOrder {
  /** Orders keys as {@link #compare} does. */
  public static final Comparator<String> COMPARATOR = KeyOrder::compare;

  private KeyOrder() {}

  /** Compares two keys by code points, i.e. by their UTF-8 bytes. */
  public static int compare(String a, String b) {
    // Keys of a listing share long prefixes and this runs several times per key: compare UTF-16
    // units, which order as code points do until a surrogate is among the first that differ.
    int n = Math.min(a.length(), b.length());
    for (int k = 0; k < n; k++) {
      char ca = a.charAt(k);
      char cb = b.charAt(k);
      if (ca != cb) {
        return ca < Character.MIN_SURROGATE && cb < Character.MIN_SURROGATE
            ? Integer.compare(ca, cb)
            : byCodePoints(a, b);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static int byCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Whether a store that orders keys by UTF-16 units instead (Azurite does) may list {@code key}
   * elsewhere than this order puts it: the two orders differ only where a key holds a character
   * from U+D800 up.
   */
  public static boolean mayBeListedOutOfOrder(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) >= Character.MIN_SURROGATE) {
        return true;
      }
    }
    return false;
  }

  /**
   * The longest common prefix of {@code a} and {@code b}, never splitting a character. Every key
   * ordered between two keys starts with it.
   */
  public static String commonPrefix(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length() && a.codePointAt(i) == b.codePointAt(i)) {
      i += Character.charCount(a.codePointAt(i));
    }
    return a.substring(0, i);
  }
}
