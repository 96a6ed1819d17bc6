package dev.ferry.activities.storage.s3;

import java.io.IOException;
import java.io.InputStream;

/**
 * Bytes already read, then the rest of the stream; drops the first part's array once it is
 * consumed, so an upload holds only the client's own part buffer from then on.
 */
final class PrefixedInputStream extends InputStream {
  private byte[] head;
  private int position;
  private final InputStream rest;

  PrefixedInputStream(byte[] head, InputStream rest) {
    this.head = head;
    this.rest = rest;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (head != null) {
      int n = Math.min(len, head.length - position);
      if (n > 0 || len == 0) {
        System.arraycopy(head, position, b, off, n);
        position += n;
        return n;
      }
      head = null;
    }
    return rest.read(b, off, len);
  }
}
