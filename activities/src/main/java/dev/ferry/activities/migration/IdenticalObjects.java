package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ArchivedObjectException;
import dev.ferry.activities.storage.ModTime;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Whether the destination already holds the same object as the source ({@code --if-exists
 * skip-identical}).
 *
 * <p>Sizes must match. Then, when either side is a filesystem, modification times decide wherever
 * both sides have one: a file's mtime, an object's {@link ModTime} user metadata ({@code mtime}, as
 * rclone keeps it). Equal times (to the coarser side's precision) mean identical, different times
 * mean changed, whatever the bytes. S3 listings carry no user metadata, so an object's {@code
 * mtime} costs one stat (HEAD) of that object, made only when the sizes match. Where a side has no
 * modification time (an object stored without {@code mtime}), and between two object stores, the
 * content decides: the stored MD5s where both sides hold one of the same kind (two the stores
 * computed, or two tags, as rclone compares its {@code md5chksum}), else equal ETags, else the MD5s
 * of both sides' bytes, read, where a store computed none. A destination object that cannot be read
 * because it is archived is compared by its tag; one without a tag is not identical.
 */
final class IdenticalObjects {
  private IdenticalObjects() {}

  static boolean identical(
      StorageBackend source,
      StorageBackend destination,
      ObjectInfo s,
      ObjectInfo d,
      Function<String, LongConsumer> progress) {
    if (s.size() != d.size()) {
      return false;
    }
    if (source.keepsModTimes() || destination.keepsModTimes()) {
      Instant sourceTime = modTime(source, s);
      Instant destinationTime = sourceTime == null ? null : modTime(destination, d);
      if (sourceTime != null && destinationTime != null) {
        return ModTime.same(sourceTime, destinationTime);
      }
    }
    return sameContent(source, destination, s, d, progress);
  }

  /**
   * The modification time of {@code info}: a filesystem's mtime, else the object's {@code mtime}
   * metadata from its listing or, where the listing has none, from a stat; null when it has none.
   */
  static Instant modTime(StorageBackend backend, ObjectInfo info) {
    if (backend.keepsModTimes()) {
      return info.lastModified();
    }
    Instant listed = ModTime.of(info.userMetadata());
    if (listed != null) {
      return listed;
    }
    return backend.stat(info.key()).map(o -> ModTime.of(o.userMetadata())).orElse(null);
  }

  private static boolean sameContent(
      StorageBackend source,
      StorageBackend destination,
      ObjectInfo s,
      ObjectInfo d,
      Function<String, LongConsumer> progress) {
    ObjectChecksums.Held sourceSum = ObjectChecksums.held(source, s);
    ObjectChecksums.Held destinationSum = ObjectChecksums.held(destination, d);
    if (sourceSum != null
        && destinationSum != null
        && sourceSum.proven() == destinationSum.proven()) {
      return sourceSum.md5().equals(destinationSum.md5());
    }
    if (s.etag() != null && s.etag().equals(d.etag())) {
      return true;
    }
    // A tag is believed only against another tag: against the bytes it may be stale. The
    // destination is read first: an archived one may make the source's bytes needless to read.
    String destinationMd5;
    try {
      destinationMd5 =
          ObjectChecksums.proven(destination, d, destinationSum, progress.apply(d.key()));
    } catch (ArchivedObjectException e) {
      // An archived copy is read only once restored, at a cost per byte: its tag (the MD5 ferry
      // recorded when it wrote it) stands for its bytes, as rclone compares md5chksum.
      if (destinationSum == null) {
        return false;
      }
      destinationMd5 = destinationSum.md5();
    }
    return destinationMd5.equals(
        ObjectChecksums.proven(source, s, sourceSum, progress.apply(s.key())));
  }
}
