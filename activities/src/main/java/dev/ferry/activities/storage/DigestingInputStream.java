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
 *
 * <p>Given an expected MD5, it checks the bytes as soon as the expected size is reached (or at the
 * end of the stream when the size is unknown) and throws {@link Mismatch} from that very read, so a
 * writer consuming it fails before it commits anything.
 */
public final class DigestingInputStream extends FilterInputStream {
  /** The bytes read do not have the expected MD5 (or size); thrown from a read. */
  public static final class Mismatch extends IOException {
    Mismatch(String message) {
      super(message);
    }
  }

  private final MessageDigest md5;
  private final long expectedSize;
  private final String expectedMd5;
  private long count;
  private boolean checked;

  public DigestingInputStream(InputStream in) {
    this(in, -1, null);
  }

  /**
   * A stream that also checks its bytes.
   *
   * @param expectedSize the size the stream should have, or -1 when unknown
   * @param expectedMd5 the hex MD5 the bytes should have, or null to check nothing
   */
  public DigestingInputStream(InputStream in, long expectedSize, String expectedMd5) {
    super(in);
    this.md5 = newMd5();
    this.expectedSize = expectedSize;
    this.expectedMd5 = expectedMd5;
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
    check(b < 0);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      md5.update(b, off, n);
      count += n;
    }
    check(n < 0);
    return n;
  }

  private void check(boolean atEnd) throws Mismatch {
    if (expectedMd5 == null || checked) {
      return;
    }
    if (expectedSize >= 0 && count > expectedSize) {
      checked = true;
      throw new Mismatch("more bytes than the expected " + expectedSize);
    }
    if (atEnd || (expectedSize >= 0 && count == expectedSize)) {
      checked = true;
      String actual = currentHex();
      if (!actual.equals(expectedMd5)) {
        throw new Mismatch("MD5 " + actual + " of " + count + " bytes, expected " + expectedMd5);
      }
    }
  }

  private String currentHex() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) md5.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("MD5 digest cannot be cloned", e);
    }
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
