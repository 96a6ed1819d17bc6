package dev.ferry.activities.migration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The first 8 bytes of the SHA-256 of a string, as {@link FingerprintSet} records them. Each thread
 * keeps its own digest and its last few results: verify asks for one object's key and state hashes
 * several times in a row, and looking up a digest and hashing anew each time was a fifth of a
 * filesystem verify's CPU.
 */
final class ShortHashes {
  private static final int REMEMBERED = 4;

  private static final ThreadLocal<ShortHashes> PER_THREAD =
      ThreadLocal.withInitial(ShortHashes::new);

  private final MessageDigest sha256;
  private final String[] inputs = new String[REMEMBERED];
  private final long[] hashes = new long[REMEMBERED];
  private int next;

  private ShortHashes() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The first 8 bytes of the SHA-256 of {@code s} in UTF-8, as a big-endian long. */
  static long of(String s) {
    return PER_THREAD.get().hash(s);
  }

  private long hash(String s) {
    for (int i = 0; i < REMEMBERED; i++) {
      if (s.equals(inputs[i])) {
        return hashes[i];
      }
    }
    long h = ByteBuffer.wrap(sha256.digest(s.getBytes(StandardCharsets.UTF_8))).getLong();
    inputs[next] = s;
    hashes[next] = h;
    next = (next + 1) % REMEMBERED;
    return h;
  }
}
