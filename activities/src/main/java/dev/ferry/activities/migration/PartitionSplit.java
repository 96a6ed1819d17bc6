package dev.ferry.activities.migration;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;

/**
 * Where the rest of a slowly listed partition splits in two, so a second cursor can list its far
 * part: found with a few one-key listings ("the first key after X"), never by listing everything.
 *
 * <p>From the last key listed, {@code L}: first the longest prefix {@code P} of {@code L} that
 * every key left in the partition shares (a binary search over its length, each look asking whether
 * some key sorts after every key starting with the prefix); then the highest character at the
 * position after {@code P} (a search over code points that jumps to the character of each key the
 * store answers with). The split is {@code P} and the character halfway between {@code L}'s and
 * that highest one: about half of what is left if the keys spread evenly there, and a part that
 * turns out large splits again when it too lists slowly. It needs no delimiter and no knowledge of
 * the layout, so flat, nested and skewed buckets split alike.
 */
final class PartitionSplit {
  /** Most one-key listings one split may take: about a second at 50 ms a request. */
  static final int MAX_PROBES = 24;

  /** Sorts after every other character: {@code P + TOP} comes after every key starting with P. */
  private static final String TOP = new String(Character.toChars(Character.MAX_CODE_POINT));

  /** The first guess for the highest character: most keys are ASCII. */
  private static final int ASCII_END = 0x7f;

  private final Listing listing;
  private final String end;
  private int probes;

  private PartitionSplit(Listing listing, String end) {
    this.listing = listing;
    this.end = end;
  }

  /**
   * A key after {@code last} and before {@code end} (null: the end of the source) with keys after
   * it up to {@code end}, or null when there is none or it was not found within {@link
   * #MAX_PROBES}.
   */
  static String find(Listing listing, String last, String end) {
    return new PartitionSplit(listing, end).find(last);
  }

  private String find(String last) {
    if (after(last) == null) {
      return null; // nothing left to split
    }
    int[] chars = last.codePoints().toArray();
    // Every key left starts with last's first `shared` characters; some key does not with one more.
    int shared = 0;
    int escapes = chars.length + 1;
    while (escapes - shared > 1) {
      int mid = (shared + escapes) >>> 1;
      if (after(prefix(chars, mid) + TOP) == null) {
        shared = mid;
      } else {
        escapes = mid;
      }
      if (probes >= MAX_PROBES) {
        return null;
      }
    }
    String prefix = prefix(chars, shared);
    int low = shared < chars.length ? chars[shared] : -1;
    int split = between(low, highest(prefix, Math.max(low, 0)));
    if (split < 0) {
      return null;
    }
    String point = prefix + new String(Character.toChars(split));
    return KeyOrder.compare(point, last) > 0 && after(point) != null ? point : null;
  }

  /**
   * The highest character after {@code prefix} among the keys left (all of which start with it), at
   * least {@code low}; a lower bound when the probes run out.
   */
  private int highest(String prefix, int low) {
    int lo = low;
    int hi = Character.MAX_CODE_POINT; // no key has a higher character there
    int guess = ASCII_END;
    while (lo < hi && probes < MAX_PROBES) {
      int c = guess > lo && guess < hi ? guess : lo + (hi - lo) / 2;
      guess = -1;
      if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
        c = Character.MIN_SURROGATE - 1; // no character there: look below it
      }
      String next = after(prefix + new String(Character.toChars(c)) + TOP);
      if (next == null) {
        hi = c;
      } else {
        lo = next.codePointAt(prefix.length());
      }
    }
    return lo;
  }

  /**
   * A character halfway after {@code low} up to {@code high}, off control characters and below the
   * surrogates; -1 when there is none.
   *
   * <p>Below U+D800 a split point sorts against every key alike in UTF-8 and in UTF-16 order. Some
   * stores compare a start-after point in UTF-16 (S3Proxy, Azurite): with a point character from
   * U+E000 up, they would skip keys with characters beyond U+FFFF that sort after it in UTF-8, and
   * the partition after the point would miss them.
   */
  static int between(int low, int high) {
    int c = low + (high - low + 1) / 2;
    c = Math.min(Math.max(c, 0x20), Character.MIN_SURROGATE - 1);
    return c > low && c <= high ? c : -1;
  }

  /** The first key after {@code point} up to the end, or null. */
  private String after(String point) {
    probes++;
    ListPage next = listing.list(point, end, 1);
    return next.objects().isEmpty() ? null : next.objects().get(0).key();
  }

  private static String prefix(int[] chars, int n) {
    return new String(chars, 0, n);
  }
}
