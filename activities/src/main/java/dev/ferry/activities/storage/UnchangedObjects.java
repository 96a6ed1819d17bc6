package dev.ferry.activities.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Whether an object is still the one a listing saw, and deletes that hold to it. */
public final class UnchangedObjects {
  private UnchangedObjects() {}

  /**
   * Whether {@code now} (a stat) is the object {@code listed} describes: the same size and ETag,
   * or, where a side has no ETag, the same modification time as far as the coarser of the two
   * tells: S3's listing has milliseconds that its HEAD rounds away.
   */
  public static boolean same(ObjectInfo listed, ObjectInfo now) {
    if (listed.size() != now.size()) {
      return false;
    }
    if (listed.etag() != null && now.etag() != null) {
      return listed.etag().equals(now.etag());
    }
    if (listed.lastModified() == null || now.lastModified() == null) {
      return listed.lastModified() == now.lastModified();
    }
    return ModTime.same(listed.lastModified(), now.lastModified());
  }

  /**
   * Asks {@code backend} for each object again, then deletes those unchanged in one batch: the
   * default of {@link StorageBackend#deleteUnchanged}.
   */
  public static List<DeleteFailure> deleteAfterStat(
      StorageBackend backend, List<ObjectInfo> listed) {
    List<DeleteFailure> failures = new ArrayList<>();
    List<String> unchanged = new ArrayList<>(listed.size());
    for (ObjectInfo o : listed) {
      Optional<ObjectInfo> now = backend.stat(o.key());
      if (now.isEmpty()) {
        continue; // already gone, as a delete treats it
      }
      if (same(o, now.get())) {
        unchanged.add(o.key());
      } else {
        failures.add(DeleteFailure.changed(o.key()));
      }
    }
    failures.addAll(backend.delete(unchanged));
    return failures;
  }
}
