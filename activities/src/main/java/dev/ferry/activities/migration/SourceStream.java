package dev.ferry.activities.migration;

import dev.ferry.activities.storage.IoReasons;
import dev.ferry.activities.storage.NetworkFaults;
import dev.ferry.activities.storage.RetryableStorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A source object's bytes on their way into the destination's {@code put}, whose failures would
 * otherwise be told as the destination's: a source connection reset mid-object read as {@code s3
 * dst: put k: the connection failed}, sending the operator to the wrong store. A read that fails
 * throws {@link Failed}, which names the source, and {@link #failedRead} finds it again.
 */
final class SourceStream extends FilterInputStream {
  /** A failed read of the source, naming it and the key. */
  static final class Failed extends IOException {
    Failed(String message, IOException cause) {
      super(message, cause);
    }
  }

  private final String what;

  /** {@code in}, the bytes of {@code key} read from {@code source} (its description). */
  SourceStream(InputStream in, String source, String key) {
    super(in);
    this.what = source + ": read " + key;
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private IOException failed(IOException e) {
    if (e instanceof Failed) {
      return e;
    }
    String network = NetworkFaults.describe(e);
    return new Failed(what + ": " + (network != null ? network : IoReasons.osReason(e)), e);
  }

  /**
   * The source's own failure among {@code error}'s causes, as a retryable error of the source, or
   * null when the source did not fail.
   */
  static RetryableStorageException failedRead(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof Failed f) {
        return new RetryableStorageException(f.getMessage(), f);
      }
    }
    return null;
  }
}
