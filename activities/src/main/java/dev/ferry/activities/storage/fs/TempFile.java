package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.ResumableWrite.UploadProgress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The temporary file an object is written into before it is renamed over its key. A write that may
 * be continued names it after its target, so a later attempt finds it; it is locked while written,
 * so two writers never share one; it is fsynced at every part boundary, and continued for as long
 * as its bytes equal the stream's: the first byte that differs, and everything after it, is written
 * anew.
 */
final class TempFile implements AutoCloseable {
  /** Bytes between fsyncs, each a point a later attempt continues from even after power loss. */
  static final long PART_SIZE = 64L << 20;

  private static final int BUFFER_SIZE = 1 << 16;

  /** Zeros left unwritten come in blocks of this size, a filesystem's usual block. */
  private static final int HOLE_BLOCK = 4096;

  private static final byte[] ZEROS = new byte[HOLE_BLOCK];

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private TempFile(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Opens the temporary file for {@code target}: the one an earlier attempt left, where {@code
   * write} continues it and it was last written after the source last changed; else an empty one.
   */
  static TempFile open(Path target, ResumableWrite write) throws IOException {
    if (write == ResumableWrite.NONE) {
      return create(randomName(target));
    }
    Path path = nameFor(target);
    FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    FileLock lock = tryLock(channel);
    if (lock == null) {
      channel.close();
      return create(randomName(target)); // another writer has it: do not share
    }
    if (!write.continueEarlier() || olderThanSource(path, write.sourceModified())) {
      channel.truncate(0);
    }
    return new TempFile(path, channel, lock);
  }

  /** The name a continued write of {@code target} uses: its file name's hash, so any fits. */
  static Path nameFor(Path target) {
    byte[] name = target.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    String hash = HexFormat.of().formatHex(sha256(name), 0, 16);
    return target.resolveSibling(KeyPaths.TEMP_PREFIX + hash);
  }

  /**
   * Deletes the temporary file an earlier attempt left for {@code target}, unless a live writer
   * holds it.
   */
  static void discard(Path target) throws IOException {
    Path path = nameFor(target);
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      if (tryLock(channel) != null) {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * Whether a live writer, in this process or another, holds the temporary file at {@code path}. A
   * filesystem without locks cannot tell: false there.
   */
  static boolean heldByAWriter(Path path) {
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      return channel.tryLock() == null;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return false; // gone, or a filesystem without locks: no writer can be told from the file
    }
  }

  Path path() {
    return path;
  }

  /**
   * Writes all of {@code in} into the file, keeping its existing bytes where they equal the
   * stream's, fsyncing at every part boundary and telling {@code write} how far it got.
   *
   * @return the number of bytes the stream had
   */
  long copyFrom(InputStream in, ResumableWrite write) throws IOException {
    byte[] buffer = new byte[BUFFER_SIZE];
    byte[] existing = new byte[BUFFER_SIZE];
    long existingSize = channel.size();
    boolean keeping = existingSize > 0;
    long position = 0;
    long kept = 0;
    long synced = 0;
    String name = path.getFileName().toString();
    write.progress().accept(new UploadProgress(name, PART_SIZE, 0, 0, 0));
    int n;
    while ((n = in.readNBytes(buffer, 0, BUFFER_SIZE)) > 0) {
      if (keeping && sameBytes(position, buffer, n, existing, existingSize)) {
        kept += n;
      } else {
        if (keeping) {
          channel.truncate(position); // from here on the earlier bytes differ: drop them
          keeping = false;
        }
        writeLeavingHoles(buffer, n, position);
      }
      position += n;
      if (position - synced >= PART_SIZE) {
        channel.force(false);
        synced = position;
        int parts = (int) (position / PART_SIZE);
        write.progress().accept(new UploadProgress(name, PART_SIZE, parts, position, kept));
      }
    }
    if (keeping || channel.size() > position) {
      channel.truncate(position); // the earlier attempt's file was longer than this stream
    } else if (channel.size() < position) {
      write(new byte[1], 0, 1, position - 1); // the stream ended in zeros: the file's last byte
    }
    channel.force(true);
    int parts = (int) ((position + PART_SIZE - 1) / PART_SIZE);
    write.progress().accept(new UploadProgress(name, PART_SIZE, parts, position, kept));
    return position;
  }

  /**
   * Writes {@code buffer[0..n)} at {@code position}, except its blocks of zeros, which the file
   * leaves as holes (read as zeros, allocating no disk), as {@code cp} and {@code rsync --sparse}
   * do: a disk image of 100 GiB holding 2 GiB of data takes 2 GiB at the destination.
   */
  private void writeLeavingHoles(byte[] buffer, int n, long position) throws IOException {
    int start = 0;
    while (start < n) {
      int end = Math.min(start + HOLE_BLOCK, n);
      if (zeros(buffer, start, end)) {
        start = end;
        continue;
      }
      while (end < n && !zeros(buffer, end, Math.min(end + HOLE_BLOCK, n))) {
        end = Math.min(end + HOLE_BLOCK, n);
      }
      write(buffer, start, end - start, position + start);
      start = end;
    }
  }

  private static boolean zeros(byte[] buffer, int from, int to) {
    return Arrays.mismatch(buffer, from, to, ZEROS, 0, to - from) < 0;
  }

  private void write(byte[] bytes, int offset, int length, long position) throws IOException {
    ByteBuffer wrapped = ByteBuffer.wrap(bytes, offset, length);
    while (wrapped.hasRemaining()) {
      channel.write(wrapped, position + wrapped.position() - offset);
    }
  }

  /** Whether the file holds {@code buffer[0..n)} at {@code position}. */
  private boolean sameBytes(long position, byte[] buffer, int n, byte[] existing, long size)
      throws IOException {
    if (position + n > size) {
      return false;
    }
    ByteBuffer into = ByteBuffer.wrap(existing, 0, n);
    while (into.hasRemaining()) {
      if (channel.read(into, position + into.position()) < 0) {
        return false;
      }
    }
    return Arrays.equals(buffer, 0, n, existing, 0, n);
  }

  /** Releases the file: for a later attempt to continue when {@code keep}, else deleted. */
  void release(boolean keep) throws IOException {
    close();
    if (!keep) {
      Files.deleteIfExists(path);
    }
  }

  @Override
  public void close() throws IOException {
    if (channel.isOpen()) {
      if (lock != null && lock.isValid()) {
        lock.release();
      }
      channel.close();
    }
  }

  private static TempFile create(Path path) throws IOException {
    FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    return new TempFile(path, channel, null);
  }

  private static Path randomName(Path target) {
    return target.resolveSibling(KeyPaths.TEMP_PREFIX + UUID.randomUUID());
  }

  /**
   * The lock, or null when another process or thread holds the file, or the filesystem has no locks
   * (some network filesystems): a write that cannot be sure to be alone is not continued.
   */
  private static FileLock tryLock(FileChannel channel) {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      return null;
    }
  }

  /** Whether the file was last written before the source last changed: it holds an older one. */
  private static boolean olderThanSource(Path path, Instant sourceModified) throws IOException {
    return sourceModified != null
        && Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS)
            .toInstant()
            .isBefore(sourceModified);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
