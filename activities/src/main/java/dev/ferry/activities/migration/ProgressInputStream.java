package dev.ferry.activities.migration;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Reports the running count of bytes read to a callback, so a long transfer can heartbeat its byte
 * offset (the callback throttles; this stream calls it on every read).
 */
final class ProgressInputStream extends FilterInputStream {
  private final LongConsumer progress;
  private long count;

  ProgressInputStream(InputStream in, LongConsumer progress) {
    super(in);
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      progress.accept(++count);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
      progress.accept(count);
    }
    return n;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
