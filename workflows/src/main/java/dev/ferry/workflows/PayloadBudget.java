package dev.ferry.workflows;

/**
 * Bounds on the keys and failures one payload carries, by their size in Temporal's JSON rather than
 * by count: a key is at most 1 KiB of UTF-8, but JSON writes a control character as six bytes (and
 * a character beyond U+FFFF as twelve), {@code "} or {@code \} as two, so fifty ranges of such keys
 * would pass the 256 KiB at which the server warns. Each budget leaves room for the rest of its
 * payload.
 */
public final class PayloadBudget {
  /** The keys of the ranges one {@code ListRanges} result hands back (two per range). */
  public static final long RANGE_KEY_BYTES = 160 * 1024;

  /** The failures one range result carries, and those a run carries over to the next. */
  public static final long FAILURE_BYTES = 64 * 1024;

  /**
   * The ranges listed but not started that a run carries to the next; beyond it they are listed
   * again. Short keys fit a few hundred ranges, more than a listing keeps ahead.
   */
  public static final long PENDING_BYTES = 48 * 1024;

  /**
   * The witnesses a pass carries over to the next run and into each look on resume: two of the
   * longest keys' ranges always fit, so the first witness and the newest are kept.
   */
  public static final long WITNESS_BYTES = 32 * 1024;

  /** What a failure costs beside its strings: field names, quotes, the attempt count. */
  private static final long FAILURE_OVERHEAD = 64;

  /** What a range costs beside its keys: field names, quotes, two counts. */
  private static final long RANGE_OVERHEAD = 96;

  private PayloadBudget() {}

  /**
   * Bytes {@code s} takes as a JSON string's contents, as Temporal's converter writes it; the short
   * escapes ({@code \n}, {@code \t}, ...) take two and are counted as six, so this is an upper
   * bound where they occur.
   */
  public static long jsonBytes(String s) {
    if (s == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20) {
        bytes += 6; // backslash-u and four hex digits
      } else if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (Character.isSurrogate(c)) {
        bytes += 6; // Temporal's converter escapes each half of a pair, as for control characters
      } else if (c < 0x800) {
        bytes += 2;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Bytes {@code range} takes in a payload, at most. */
  public static long jsonBytes(KeyRange range) {
    return RANGE_OVERHEAD + jsonBytes(range.startAfter()) + jsonBytes(range.lastKey());
  }

  /** Bytes {@code failure} takes in a payload. */
  public static long jsonBytes(ObjectFailure failure) {
    return FAILURE_OVERHEAD
        + jsonBytes(failure.key())
        + jsonBytes(failure.reason())
        + jsonBytes(failure.message());
  }
}
