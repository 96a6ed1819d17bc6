package dev.ferry.activities.migration;

import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.ResumableWrites;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import io.temporal.client.ActivityCompletionException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copy's writes into a destination that can continue an interrupted write ({@link
 * ResumableWrites}): a retry continues the earlier attempt's upload of the same source version; an
 * upload no attempt will continue is dropped, so the store keeps no orphaned parts. Dropped are:
 * one of a source that changed since, one whose write failed for good (a permanent error, the last
 * attempt, a cancelled migration), and one whose object a retry no longer copies. A fault of the
 * whole destination keeps the upload: the range continues it once the migration resumes.
 */
final class ContinuedWrites {
  private static final Logger log = LoggerFactory.getLogger(ContinuedWrites.class);

  private ContinuedWrites() {}

  /** Writes {@code source}'s bytes {@code in} to {@code destination}, continuing where it can. */
  static ObjectInfo put(
      ResumableWrites destination,
      ObjectInfo source,
      InputStream in,
      ObjectMetadata metadata,
      RangeRun run) {
    UploadTracker uploads = run.uploads();
    String key = source.key();
    UploadHeartbeat earlier = uploads.takeEarlier(key);
    boolean changed = earlier != null && !earlier.sameSource(source);
    if (changed) {
      log.warn(
          "{}: the source changed since an interrupted attempt began uploading it (size {} ETag {}"
              + " then, size {} ETag {} now); its unfinished upload is dropped and the object is"
              + " copied whole",
          key,
          earlier.sourceSize(),
          earlier.sourceEtag(),
          source.size(),
          source.etag());
      drop(destination, key, null);
    }
    ResumableWrite write =
        new ResumableWrite(
            !run.firstAttempt() && !changed,
            earlier == null || changed ? null : earlier.uploadId(),
            // Known the same version: any upload of it may go on. Else only one begun after it.
            earlier == null || changed ? source.lastModified() : null,
            !run.lastAttempt(),
            progress -> {
              uploads.progress(source, progress);
              run.stillWriting(key); // a part slow to send keeps the attempt's heartbeat going
            });
    try {
      ObjectInfo written = destination.put(key, in, source.size(), metadata, write);
      uploads.finished(key);
      return written;
    } catch (RuntimeException e) {
      if (!willBeRetried(e, run)) {
        UploadHeartbeat mine = uploads.current();
        uploads.finished(key);
        drop(destination, key, mine == null || !mine.key().equals(key) ? null : mine.uploadId());
      }
      throw e;
    }
  }

  /** Drops the earlier attempt's upload once the listing has passed its key without using it. */
  static void passed(StorageBackend destination, String key, RangeRun run) {
    UploadHeartbeat passed = run.uploads().passedBy(key);
    if (passed != null && destination instanceof ResumableWrites writes) {
      drop(writes, passed.key(), passed.uploadId());
    }
  }

  /** Drops the earlier attempt's upload that no key of the range continued. */
  static void rangeDone(StorageBackend destination, RangeRun run) {
    UploadHeartbeat left = run.uploads().leftOver();
    if (left != null && destination instanceof ResumableWrites writes) {
      drop(writes, left.key(), left.uploadId());
    }
  }

  /** Whether Temporal will run this range again after {@code e}, so a retry can continue. */
  private static boolean willBeRetried(RuntimeException e, RangeRun run) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ActivityCompletionException) {
        return false; // cancelled (or timed out): no attempt of this run follows
      }
    }
    if (e instanceof LocationFaultException fault && fault.confirmed()) {
      return true; // the migration pauses; on resume the range continues from here
    }
    return e instanceof StorageException se
        && StorageFailures.isTransient(se)
        && !run.lastAttempt();
  }

  private static void drop(ResumableWrites destination, String key, String uploadId) {
    try {
      destination.abandon(key, uploadId);
    } catch (StorageException e) {
      log.warn("{}: could not drop its unfinished upload: {}", key, e.getMessage());
    }
  }
}
