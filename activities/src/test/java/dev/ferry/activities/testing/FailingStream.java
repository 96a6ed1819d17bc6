package dev.ferry.activities.testing;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A stream of given bytes whose reads fail once some of them were read: a connection cut. */
public final class FailingStream extends FilterInputStream {
  private final int failAt;
  private int read;

  /** {@code data}, failing once {@code failAt} bytes were read. */
  public FailingStream(byte[] data, int failAt) {
    super(new ByteArrayInputStream(data));
    this.failAt = failAt;
  }

  /** {@code data}, failing once {@code failAt} bytes were read. */
  public static InputStream of(byte[] data, int failAt) {
    return new FailingStream(data, failAt);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (read >= failAt) {
      throw new IOException("connection reset (test)");
    }
    int n = super.read(b, off, Math.min(len, failAt - read));
    read += Math.max(0, n);
    return n;
  }
}
