package dev.ferry.activities.migration;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ResumableWrite.UploadProgress;

/**
 * The large-object upload of one copy attempt that a retry could continue, as its heartbeat reports
 * it; at first the earlier attempt's one, until this attempt continues it, or passes its key
 * without doing so and drops it.
 */
final class UploadTracker {
  private UploadHeartbeat current;
  private boolean earlier;

  /** Starts from the upload the earlier attempt's heartbeat named, or none. */
  UploadTracker(UploadHeartbeat fromEarlierAttempt) {
    this.current = fromEarlierAttempt;
    this.earlier = fromEarlierAttempt != null;
  }

  /** What the next heartbeat reports, or null. */
  UploadHeartbeat current() {
    return current;
  }

  /** The earlier attempt's upload of {@code key}, handed over once, to continue; else null. */
  UploadHeartbeat takeEarlier(String key) {
    if (earlier && current.key().equals(key)) {
      earlier = false;
      return current;
    }
    return null;
  }

  /** Records how far this attempt's upload of {@code source} got. */
  void progress(ObjectInfo source, UploadProgress progress) {
    current = UploadHeartbeat.of(source, progress);
    earlier = false;
  }

  /** The upload of {@code key} is over: completed, or dropped. */
  void finished(String key) {
    if (current != null && current.key().equals(key)) {
      current = null;
      earlier = false;
    }
  }

  /**
   * The earlier attempt's upload, if the listing has now reached {@code key} at or past its own
   * without continuing it (its object was skipped, filtered or is gone): to be dropped.
   */
  UploadHeartbeat passedBy(String key) {
    if (earlier && KeyOrder.compare(current.key(), key) <= 0) {
      UploadHeartbeat passed = current;
      current = null;
      earlier = false;
      return passed;
    }
    return null;
  }

  /** The earlier attempt's upload no key of this range continued: to be dropped. */
  UploadHeartbeat leftOver() {
    return passedBy(current == null ? "" : current.key());
  }
}
