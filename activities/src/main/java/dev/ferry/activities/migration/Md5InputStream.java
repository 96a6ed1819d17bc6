package dev.ferry.activities.migration;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Passes bytes through while computing their MD5 and counting them; reports the running count to a
 * progress callback so a long transfer can heartbeat its byte offset.
 */
final class Md5InputStream extends FilterInputStream {
  private final MessageDigest md5;
  private final LongConsumer progress;
  private long count;

  Md5InputStream(InputStream in, LongConsumer progress) {
    super(in);
    this.md5 = newMd5();
    this.progress = progress;
  }

  static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      md5.update((byte) b);
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      md5.update(buf, off, n);
      advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) {
    return 0; // every byte must pass through the digest
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void advance(int n) {
    count += n;
    progress.accept(count);
  }

  long count() {
    return count;
  }

  /** Hex MD5 of the bytes read so far. */
  String hex() {
    return HexFormat.of().formatHex(md5.digest());
  }
}
