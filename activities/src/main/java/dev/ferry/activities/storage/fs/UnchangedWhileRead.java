package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.ChangedWhileReadException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file's bytes, checked against the state the reader expects before the last of them is handed
 * on: when its size, mtime or ctime changed, another program wrote it meanwhile and the bytes read
 * may mix two versions (a copy of a file being written held its head from one write and its tail
 * from a later one), so the read fails instead, as rclone's "source file is being updated" does.
 */
final class UnchangedWhileRead extends FilterInputStream {
  private final Path path;
  private final long size;
  private final String etag;
  private long read;
  private boolean checked;

  /**
   * {@code in}, the bytes of the file at {@code path}, expected as {@code size} and {@code etag}.
   */
  UnchangedWhileRead(InputStream in, Path path, long size, String etag) {
    super(in);
    this.path = path;
    this.size = size;
    this.etag = etag;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      read += n;
    }
    // Checked when the last expected byte arrives, before it is handed on: a reader that takes
    // exactly the size it was told never asks for the end of the stream.
    if (!checked && (n < 0 || read >= size)) {
      checked = true;
      requireUnchanged();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    int skipped = read(buffer, 0, buffer.length);
    return Math.max(skipped, 0);
  }

  private void requireUnchanged() throws IOException {
    BasicFileAttributes now = FileStat.read(path, LinkOption.NOFOLLOW_LINKS);
    if (!FileMetadata.etag(now).equals(etag)) {
      throw new ChangedWhileReadException(
          "changed while it was read (now "
              + (now.size() == size ? "" : now.size() + " bytes, ")
              + "modified "
              + now.lastModifiedTime()
              + "): its bytes may mix two versions, so none are kept");
    }
  }
}
