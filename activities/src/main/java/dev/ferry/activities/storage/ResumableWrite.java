package dev.ferry.activities.storage;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * How one {@link ResumableWrites#put} may continue an earlier attempt's unfinished write, and whom
 * it tells of its own progress.
 *
 * @param continueEarlier whether to look for an earlier attempt's unfinished write of the key and
 *     continue it (false on a first attempt, which no earlier one preceded)
 * @param uploadId the earlier attempt's upload, as its heartbeat reported it, or null; used where
 *     the store cannot list its unfinished uploads
 * @param sourceModified when the source object was last changed, or null: an unfinished write begun
 *     before it holds an older version and is dropped, not continued
 * @param keepOnFailure whether a put that fails leaves its unfinished write for a retry; otherwise
 *     it drops it
 * @param progress told after the upload starts and after each part is stored, in order
 */
public record ResumableWrite(
    boolean continueEarlier,
    String uploadId,
    Instant sourceModified,
    boolean keepOnFailure,
    Consumer<UploadProgress> progress) {

  /** A write that continues nothing, keeps nothing and tells nobody: a plain put. */
  public static final ResumableWrite NONE = new ResumableWrite(false, null, null, false, p -> {});

  /**
   * How far an unfinished write has come.
   *
   * @param uploadId the store's id of the upload (a filesystem: the temporary file's name)
   * @param partSize bytes per part (the last may be shorter)
   * @param parts parts stored, in order from the first
   * @param bytes bytes those parts hold
   * @param resumedBytes bytes kept from an earlier attempt, not sent again
   */
  public record UploadProgress(
      String uploadId, long partSize, int parts, long bytes, long resumedBytes) {}
}
