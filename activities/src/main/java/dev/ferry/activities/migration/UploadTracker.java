package dev.ferry.activities.migration;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ResumableWrite.UploadProgress;

/**
 * The large-object uploads of one copy attempt that a retry could continue: this attempt's own, as
 * its heartbeat reports it, and the earlier attempt's one, until this attempt continues it or
 * passes its key without doing so (and drops it).
 */
final class UploadTracker {
  private UploadHeartbeat earlier;
  private UploadHeartbeat current;

  /** Starts from the upload the earlier attempt's heartbeat named, or none. */
  UploadTracker(UploadHeartbeat fromEarlierAttempt) {
    this.earlier = fromEarlierAttempt;
  }

  /**
   * What the next heartbeat reports: this attempt's upload, else the earlier one still pending, or
   * null. (Reporting one is enough: a retry also finds an upload by listing the store's.)
   */
  UploadHeartbeat current() {
    return current != null ? current : earlier;
  }

  /**
   * Whether the earlier attempt was uploading this very version of {@code source}: found whole at
   * the destination now, that attempt wrote it and died before counting it.
   */
  boolean wasUploading(ObjectInfo source) {
    return earlier != null && earlier.key().equals(source.key()) && earlier.sameSource(source);
  }

  /** The earlier attempt's upload of {@code key}, handed over once, to continue; else null. */
  UploadHeartbeat takeEarlier(String key) {
    if (earlier != null && earlier.key().equals(key)) {
      UploadHeartbeat taken = earlier;
      earlier = null;
      return taken;
    }
    return null;
  }

  /** Records how far this attempt's upload of {@code source} got. */
  void progress(ObjectInfo source, UploadProgress progress) {
    current = UploadHeartbeat.of(source, progress);
  }

  /** This attempt's upload of {@code key} is over: completed, or dropped. */
  void finished(String key) {
    if (current != null && current.key().equals(key)) {
      current = null;
    }
  }

  /**
   * The earlier attempt's upload, if the listing has now reached {@code key} at or past its own
   * without continuing it (its object was skipped, filtered or is gone): to be dropped.
   */
  UploadHeartbeat passedBy(String key) {
    if (earlier != null && KeyOrder.compare(earlier.key(), key) <= 0) {
      UploadHeartbeat passed = earlier;
      earlier = null;
      return passed;
    }
    return null;
  }

  /** The earlier attempt's upload no key of the range continued: to be dropped. */
  UploadHeartbeat leftOver() {
    UploadHeartbeat left = earlier;
    earlier = null;
    return left;
  }
}
