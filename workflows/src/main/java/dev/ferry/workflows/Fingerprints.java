package dev.ferry.workflows;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Opaque, compact proof of which objects of a range an activity handled and in which state it saw
 * their source: per object a hash of the key, a hash of (size, ETag, last-modified) and, where copy
 * learned it, a hash of (size, MD5) of the bytes it moved, encoded by the activities. No key is
 * readable from it.
 *
 * <p>Three encodings are read: {@value #CURRENT} followed by base64 of {@value #ENTRY_BYTES}-byte
 * entries; {@value #VERIFIED}, entries of the same size whose third hash is of the destination;
 * and, as histories recorded before the content hash hold, bare base64 of {@value
 * #V1_ENTRY_BYTES}-byte entries.
 *
 * <p>{@code CopyRange} fills it with what it copied or found identical, {@code VerifyRange} keeps
 * the entries it verified, and {@code DeleteRange} deletes only sources still in the recorded
 * state.
 *
 * @param copied entries of objects written by this migration
 * @param skipped entries of objects found identical at the destination
 */
public record Fingerprints(String copied, String skipped) {
  /** Marks the current encoding; base64 never holds a colon. */
  public static final String CURRENT = "2:";

  /**
   * Marks entries that {@code VerifyRange} passed: the third hash is of the destination object
   * (size, ETag, last-modified) as verify found it, {@link #UNKNOWN_DESTINATION} where it did not
   * list it, so that delete keeps a source whose copy changed since.
   */
  public static final String VERIFIED = "3:";

  /** The destination hash of a verified entry whose destination verify did not list. */
  public static final long UNKNOWN_DESTINATION = 0;

  /** Bytes per entry: 8-byte key, state and content (or destination) hashes. */
  public static final int ENTRY_BYTES = 24;

  /** Where an entry's content hash starts, after its key and state hashes. */
  private static final int CONTENT_HASH_AT = 16;

  /** The bit of a content hash saying the destination checked those bytes on arrival. */
  public static final long CHECKED_ON_ARRIVAL = Long.MIN_VALUE;

  /** Bytes per entry of the first encoding: an 8-byte key hash and an 8-byte state hash. */
  public static final int V1_ENTRY_BYTES = 16;

  public static final Fingerprints EMPTY = new Fingerprints("", "");

  public Fingerprints {
    copied = copied == null ? "" : copied;
    skipped = skipped == null ? "" : skipped;
  }

  /** How many copied objects the entries name. */
  public long copiedCount() {
    return entries(copied);
  }

  /** How many identical (skipped) objects the entries name. */
  public long skippedCount() {
    return entries(skipped);
  }

  /** True when no object is named. */
  public boolean noObjects() {
    return copied.isEmpty() && skipped.isEmpty();
  }

  /**
   * Whether every object named was written by this migration and its bytes checked by the
   * destination when they arrived (the top bit of an entry's content hash), none found identical.
   */
  public boolean allCheckedOnArrival() {
    if (copied.isEmpty() || !skipped.isEmpty() || !copied.startsWith(CURRENT)) {
      return false;
    }
    ByteBuffer entries = ByteBuffer.wrap(Base64.getDecoder().decode(base64(copied)));
    for (int at = 0; at + ENTRY_BYTES <= entries.limit(); at += ENTRY_BYTES) {
      if ((entries.getLong(at + CONTENT_HASH_AT) & CHECKED_ON_ARRIVAL) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The bytes per entry of {@code encoded}, whichever of the two encodings it is in. */
  public static int entryBytes(String encoded) {
    return marked(encoded) ? ENTRY_BYTES : V1_ENTRY_BYTES;
  }

  /** The base64 of {@code encoded}'s entries, without the encoding's mark. */
  public static String base64(String encoded) {
    return marked(encoded) ? encoded.substring(CURRENT.length()) : encoded;
  }

  /** Whether {@code encoded} starts with the mark of one of the 24-byte encodings. */
  private static boolean marked(String encoded) {
    return encoded.startsWith(CURRENT) || encoded.startsWith(VERIFIED);
  }

  private static long entries(String encoded) {
    String base64 = base64(encoded);
    // Base64 without padding issues: 4 characters per 3 bytes, rounded up to a multiple of 4.
    long bytes = base64.length() / 4L * 3L;
    if (base64.endsWith("==")) {
      bytes -= 2;
    } else if (base64.endsWith("=")) {
      bytes -= 1;
    }
    return bytes / entryBytes(encoded);
  }
}
