package dev.ferry.activities.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes through while counting them and computing their MD5, so a copy learns the checksum
 * of what it moved without reading it twice. Not thread-safe.
 */
public final class DigestingInputStream extends FilterInputStream {
  private final MessageDigest md5;
  private long count;

  public DigestingInputStream(InputStream in) {
    super(in);
    this.md5 = newMd5();
  }

  /** A fresh MD5 digest; every JVM has one. */
  public static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  /** Hex MD5 of {@code bytes}. */
  public static String md5Hex(byte[] bytes, int length) {
    MessageDigest digest = newMd5();
    digest.update(bytes, 0, length);
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      md5.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      md5.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** The number of bytes read so far. */
  public long count() {
    return count;
  }

  /** Hex MD5 of the bytes read so far; call once, at the end. */
  public String hex() {
    return HexFormat.of().formatHex(md5.digest());
  }
}
