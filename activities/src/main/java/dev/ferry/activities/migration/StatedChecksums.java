package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.OpenWithMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Tells a copy damaged on the way from a source that states the MD5 of other bytes. A tag such as
 * {@code ferry-md5} or rclone's {@code md5chksum} stays beside new bytes when an application
 * rewrites an object with its old metadata; every attempt of its copy then fails its check alike,
 * and retrying only delays a failure whose cause the retries' message never named.
 */
final class StatedChecksums {
  private StatedChecksums() {}

  /**
   * What to throw for {@code mismatch}, met copying {@code listed} whose source stated an MD5 for
   * it: the mismatch itself (retried) when the object, opened again, has the MD5 it then states (it
   * was damaged on the way, or rewritten since); a refusal of the object naming both MD5s when its
   * bytes have another.
   */
  static StorageException mismatch(
      StorageBackend source,
      ObjectInfo listed,
      String stated,
      LongConsumer progress,
      ChecksumMismatchException mismatch) {
    if (stated == null) {
      return mismatch;
    }
    String statedNow;
    String read;
    OpenWithMetadata.Opened again = OpenWithMetadata.open(source, listed, false);
    try (InputStream in = again.data()) {
      statedNow = again.metadata().md5();
      read = ObjectChecksums.md5Of(in, progress);
    } catch (IOException e) {
      return mismatch; // the next attempt reads it again
    }
    if (statedNow == null || read.equals(ObjectChecksums.normalize(statedNow))) {
      return mismatch;
    }
    String tag = ObjectChecksums.normalize(statedNow);
    // Short enough for a failure's message (200 characters) to keep both; the key is beside it.
    return new PermanentStorageException(
        "its bytes have MD5 "
            + read
            + " (read twice), its tag says "
            + tag
            + (tag.matches("[0-9a-f]{32}") ? ": a stale tag" : ", which is no MD5")
            + " (ferry-md5, md5chksum, Content-MD5); correct or remove it",
        mismatch);
  }
}
