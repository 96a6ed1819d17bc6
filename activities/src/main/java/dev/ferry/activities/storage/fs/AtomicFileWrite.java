package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ModTime;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.ResumableWrite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Writes one object as a file: into a temporary file next to the target, fsynced, given its mtime
 * (from {@link ModTime} metadata where the object has it) and metadata, then renamed over the key,
 * so no partial object is ever visible under its key. The temporary file is removed on every
 * failure, except one a retry may continue (see {@link TempFile}).
 */
final class AtomicFileWrite {
  private AtomicFileWrite() {}

  /**
   * Stores {@code data} under {@code key}; see {@code ResumableWrites#put}. {@code location} names
   * the backend in a fault of the whole filesystem.
   */
  static ObjectInfo put(
      KeyPaths paths,
      String location,
      String key,
      InputStream data,
      long size,
      ObjectMetadata meta,
      ResumableWrite write) {
    Path target = paths.resolve(key);
    TempFile temp = null;
    boolean keep = false;
    try {
      paths.createParents(target, key);
      paths.requireNoSymlinkedParent(target, key);
      temp = TempFile.open(target, write);
      DigestingInputStream in = new DigestingInputStream(data, size, meta.md5());
      long count;
      try {
        count = temp.copyFrom(in, write);
      } catch (DigestingInputStream.Mismatch e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        keep = write.keepOnFailure(); // the bytes so far are good: a retry continues them
        throw e;
      }
      if (size >= 0 && count != size) {
        throw new ChecksumMismatchException(
            "put " + key + ": expected " + size + " bytes but the stream had " + count);
      }
      temp.close();
      Path file = temp.path();
      Instant modified = modTime(meta);
      if (modified != null) {
        Files.setLastModifiedTime(file, FileTime.from(modified));
      }
      String md5 = in.hex();
      if (meta.md5() != null && !meta.md5().equals(md5)) {
        throw new ChecksumMismatchException(
            "put " + key + ": MD5 " + md5 + " of the bytes, expected " + meta.md5());
      }
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      try {
        FileMetadata.write(
            file,
            meta.contentType(),
            meta.headers(),
            meta.userMetadata(),
            md5,
            attrs.size(),
            FileMetadata.mtimeNanos(attrs));
      } catch (FileMetadata.TooLarge e) {
        throw new PermanentStorageException(
            "write "
                + KeyPaths.printable(key)
                + ": its metadata ("
                + e.bytes
                + " bytes) is more than this filesystem keeps beside a file ("
                + e.getMessage()
                + "): nothing written; copy it into an object store, or exclude it",
            e);
      }
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      syncDirectory(target.getParent());
      // As a listing will see it: writing the metadata and the rename moved its ctime.
      BasicFileAttributes written = FileStat.read(target, LinkOption.NOFOLLOW_LINKS);
      return new ObjectInfo(
          key,
          written.size(),
          FileMetadata.etag(written),
          written.lastModifiedTime().toInstant(),
          meta.contentType(),
          meta.userMetadata(),
          md5);
    } catch (IOException e) {
      // A file where a directory must be fails making the directories, a directory where the file
      // must be fails the rename: say which, rather than Java's bare path.
      refuseConflict(paths, target, key);
      throw FsErrors.classifyWrite(location, paths.root(), "write " + key, e);
    } finally {
      if (temp != null) {
        try {
          temp.release(keep);
        } catch (IOException ignored) {
          // The listing skips temporary files; a leftover one is garbage, not an object.
        }
      }
    }
  }

  /** Deletes the temporary file a write of {@code key} left for a retry; see {@code abandon}. */
  static void abandon(KeyPaths paths, String location, String key) {
    if (KeyPaths.problem(key) != null) {
      return; // a key no file can hold: its write was refused before anything was written
    }
    try {
      TempFile.discard(paths.resolve(key));
    } catch (IOException e) {
      throw FsErrors.classifyWrite(
          location, paths.root(), "remove the unfinished write of " + key, e);
    }
  }

  /**
   * The mtime to give the file: the object's {@link ModTime} user metadata where it has a readable
   * one (the file's own time, kept by rclone or ferry on an object store), else the modification
   * time the caller passed (an object store's upload time), else none (now).
   */
  static Instant modTime(ObjectMetadata meta) {
    Instant carried = ModTime.of(meta.userMetadata());
    return carried != null ? carried : meta.modTime();
  }

  /** Refuses {@code key} when a file or directory at the destination is in its way. */
  private static void refuseConflict(KeyPaths paths, Path target, String key) {
    String conflict = paths.conflict(target, key);
    if (conflict != null) {
      throw new PermanentStorageException("write " + KeyPaths.printable(key) + ": " + conflict);
    }
  }

  /** Makes the rename durable; best effort, as not every filesystem lets a directory be opened. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // The data itself is already on disk; only the rename may be lost on power failure.
    }
  }
}
