package dev.ferry.activities.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;

/**
 * Reading the first part of an upload's stream, as every object-store writer does to tell an object
 * that fits one request from one that goes up in parts.
 */
public final class StreamChunks {
  private static final int SMALL_READ = 1 << 16;

  private StreamChunks() {}

  /**
   * Reads up to {@code limit} bytes. A small stream costs a small array; a large one is read into
   * one array of the limit (never built from chunks and copied, which would double the peak).
   */
  public static byte[] readUpTo(InputStream in, int limit) throws IOException {
    byte[] small = new byte[Math.min(limit, SMALL_READ)];
    int n = in.readNBytes(small, 0, small.length);
    if (n < small.length || small.length == limit) {
      return n == small.length ? small : Arrays.copyOf(small, n);
    }
    byte[] buffer = new byte[limit];
    System.arraycopy(small, 0, buffer, 0, n);
    int total = n + in.readNBytes(buffer, n, limit - n);
    return total == limit ? buffer : Arrays.copyOf(buffer, total);
  }

  /** Peeks one byte past a full first part: a stream of exactly one part is a single request. */
  public static boolean atEnd(PushbackInputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      return true;
    }
    in.unread(b);
    return false;
  }
}
