package dev.ferry.activities.storage.synthetic;

import java.util.Locale;

/**
 * How a synthetic source lays out its keys, each shape in the same order as the objects' indexes
 * (so listing stays index arithmetic): flat, one prefix for all; nested, two levels of {@code
 * fanOut} directories; skewed, 90 % of the objects under one prefix between two small ones.
 */
public enum KeyShape {
  FLAT,
  NESTED,
  SKEWED;

  private static final String PREFIX = "obj-";
  private static final int DIGITS = 9;

  /** The shape named {@code name} (as in ferry.yaml: flat, nested, skewed). */
  static KeyShape of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The key of object {@code index} of {@code count}. */
  String key(long index, long count, int fanOut) {
    String name = objectName(index);
    return switch (this) {
      case FLAT -> name;
      case NESTED -> {
        long buckets = (long) fanOut * fanOut;
        long bucket = count == 0 ? 0 : index * buckets / count;
        int width = String.valueOf(fanOut - 1).length();
        yield "d" + pad(bucket / fanOut, width) + "/d" + pad(bucket % fanOut, width) + "/" + name;
      }
      case SKEWED -> {
        // 5 % before the hot prefix, 90 % in it, 5 % after: "a/" < "hot/" < "z/".
        String dir = index * 20 < count ? "a/" : index * 20 < count * 19 ? "hot/" : "z/";
        yield dir + name;
      }
    };
  }

  /** {@code obj-} and the index in nine digits. */
  static String objectName(long index) {
    return PREFIX + pad(index, DIGITS);
  }

  /** The index whose {@link #objectName} ends {@code key}, or -1 when it ends in none. */
  static long indexIn(String key) {
    int start = key.length() - DIGITS;
    if (start < PREFIX.length() || !key.startsWith(PREFIX, start - PREFIX.length())) {
      return -1;
    }
    long index = 0;
    for (int i = start; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      index = index * 10 + (c - '0');
    }
    return index;
  }

  private static String pad(long n, int width) {
    char[] digits = new char[width];
    long rest = n;
    for (int i = width - 1; i >= 0; i--) {
      digits[i] = (char) ('0' + rest % 10);
      rest /= 10;
    }
    return new String(digits);
  }
}
