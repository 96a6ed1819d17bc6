package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.workflows.Fingerprints;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of (key hash, state hash, content hash) entries, the wire form of one side of {@link
 * Fingerprints}.
 *
 * <p>The key hash names an object without revealing its key; the state hash is of the source's
 * size, ETag and last-modified time as read. An object whose current state hash differs from the
 * recorded one changed after it was read. The content hash is of the size and MD5 of the bytes copy
 * moved, or {@link #UNKNOWN}: with it, verify proves the destination holds exactly those bytes
 * without reading the source again. Its top bit says the destination itself checked those bytes
 * when they arrived ({@code StorageBackend.checksWrites}). In a set verify passed, the third hash
 * is instead the destination object's state as verify found it, so delete can tell a copy written
 * over since. Hashes are the first 8 bytes of SHA-256 (63 bits for the content), so a false match
 * within one range is out of practical reach.
 */
final class FingerprintSet {
  /** The content hash of an entry whose bytes copy did not hash. */
  static final long UNKNOWN = 0;

  /** The third hash is the content's, or, in a set verify passed, the destination's. */
  private record Hashes(long state, long third) {}

  private final Map<Long, Hashes> entries = new TreeMap<>();

  /** Whether verify passed the entries: their third hash is of the destination object. */
  private boolean verified;

  /** Reads any encoding {@link Fingerprints} describes. */
  static FingerprintSet decode(String encoded) {
    FingerprintSet set = new FingerprintSet();
    set.verified = encoded.startsWith(Fingerprints.VERIFIED);
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(Fingerprints.base64(encoded)));
    int size = Fingerprints.entryBytes(encoded);
    boolean withThird = size == Fingerprints.ENTRY_BYTES;
    while (b.remaining() >= size) {
      long key = b.getLong();
      long state = b.getLong();
      set.entries.put(key, new Hashes(state, withThird ? b.getLong() : UNKNOWN));
    }
    return set;
  }

  String encode() {
    if (entries.isEmpty()) {
      return "";
    }
    ByteBuffer b = ByteBuffer.allocate(entries.size() * Fingerprints.ENTRY_BYTES);
    entries.forEach((k, v) -> b.putLong(k).putLong(v.state()).putLong(v.third()));
    String mark = verified ? Fingerprints.VERIFIED : Fingerprints.CURRENT;
    return mark + Base64.getEncoder().encodeToString(b.array());
  }

  /** Adds {@code source} in the state read, its content unknown. */
  void add(ObjectInfo source) {
    add(source, null, false);
  }

  /**
   * Adds {@code source} in the state read, with the hex MD5 of its bytes (null if unknown) and
   * whether the destination checked them on arrival.
   */
  void add(ObjectInfo source, String md5, boolean checked) {
    long content =
        md5 == null
            ? UNKNOWN
            : contentHash(source.size(), md5) | (checked ? Fingerprints.CHECKED_ON_ARRIVAL : 0);
    entries.put(keyHash(source.key()), new Hashes(stateHash(source), content));
  }

  /**
   * Adds {@code source}, which verify passed, with {@code destination} as verify found it (null
   * where it did not list it).
   */
  void addVerified(ObjectInfo source, ObjectInfo destination) {
    verified = true;
    long third = destination == null ? Fingerprints.UNKNOWN_DESTINATION : stateHash(destination);
    entries.put(keyHash(source.key()), new Hashes(stateHash(source), third));
  }

  /**
   * Whether {@code destination} is known to differ from the object verify passed under its key:
   * written again since, even with the same size. False where verify recorded no destination.
   */
  boolean destinationChanged(ObjectInfo destination) {
    Hashes recorded = entries.get(keyHash(destination.key()));
    return verified
        && recorded != null
        && recorded.third() != Fingerprints.UNKNOWN_DESTINATION
        && recorded.third() != stateHash(destination);
  }

  /**
   * Whether verify recorded the destination objects it passed; not in the sets of a worker older
   * than that record, whose verify kept copy's entries.
   */
  boolean recordsDestinations() {
    return verified;
  }

  boolean containsKey(String key) {
    return entries.containsKey(keyHash(key));
  }

  /** Whether {@code source} is in the set in the very state recorded. */
  boolean containsUnchanged(ObjectInfo source) {
    Hashes recorded = entries.get(keyHash(source.key()));
    return recorded != null && recorded.state() == stateHash(source);
  }

  /** The recorded content hash of {@code key}, or {@link #UNKNOWN}. */
  long contentOf(String key) {
    Hashes recorded = entries.get(keyHash(key));
    return recorded == null || verified
        ? UNKNOWN
        : recorded.third() & ~Fingerprints.CHECKED_ON_ARRIVAL;
  }

  int size() {
    return entries.size();
  }

  static long keyHash(String key) {
    return hash64("k\0" + key);
  }

  static long stateHash(ObjectInfo info) {
    long modified = info.lastModified() == null ? -1 : info.lastModified().toEpochMilli();
    return hash64("s\0" + info.size() + "\0" + info.etag() + "\0" + modified);
  }

  /**
   * The hash of {@code size} bytes whose hex MD5 is {@code md5}: 63 bits, never {@link #UNKNOWN}.
   */
  static long contentHash(long size, String md5) {
    long h =
        hash64("c\0" + size + "\0" + md5.toLowerCase(Locale.ROOT))
            & ~Fingerprints.CHECKED_ON_ARRIVAL;
    return h == UNKNOWN ? 1 : h;
  }

  private static long hash64(String s) {
    return ShortHashes.of(s);
  }
}
