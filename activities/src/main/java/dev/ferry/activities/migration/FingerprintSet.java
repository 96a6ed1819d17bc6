package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.workflows.Fingerprints;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of (key hash, state hash) entries, the wire form of one side of {@link Fingerprints}.
 *
 * <p>The key hash names an object without revealing its key; the state hash is of the source's
 * size, ETag and last-modified time as read. An object whose current state hash differs from the
 * recorded one changed after it was read. Hashes are the first 8 bytes of SHA-256, so a false match
 * within one range is out of practical reach.
 */
final class FingerprintSet {
  private final Map<Long, Long> entries = new TreeMap<>();

  static FingerprintSet decode(String base64) {
    FingerprintSet set = new FingerprintSet();
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
    while (b.remaining() >= Fingerprints.ENTRY_BYTES) {
      set.entries.put(b.getLong(), b.getLong());
    }
    return set;
  }

  String encode() {
    ByteBuffer b = ByteBuffer.allocate(entries.size() * Fingerprints.ENTRY_BYTES);
    entries.forEach((k, v) -> b.putLong(k).putLong(v));
    return Base64.getEncoder().encodeToString(b.array());
  }

  void add(ObjectInfo source) {
    entries.put(keyHash(source.key()), stateHash(source));
  }

  boolean containsKey(String key) {
    return entries.containsKey(keyHash(key));
  }

  /** Whether {@code source} is in the set in the very state recorded. */
  boolean containsUnchanged(ObjectInfo source) {
    Long recorded = entries.get(keyHash(source.key()));
    return recorded != null && recorded == stateHash(source);
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

  private static long hash64(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
