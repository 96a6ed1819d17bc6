package dev.ferry.activities.migration;

import dev.ferry.activities.migration.RangeRun.Origin;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A range's batch of deletes that hold to the objects listed, with the keys the store refused for a
 * passing reason asked again here rather than by a retry of the whole range: a retry lists the
 * range again, where the keys deleted beside the refused ones are gone, so their deletes went
 * uncounted (an audit's sync on versitygw, with 500s on 10 of 50 keys, ended "50 destination
 * objects not deleted" and "0 deleted" where 40 were deleted).
 */
final class UnchangedDeletes {
  /**
   * Times a key refused for a passing reason is asked, the first included. The stores' clients
   * retry each request themselves (an audit counted 15 DELETEs to S3 for 3 asks of one key), so one
   * more ask is enough to get past a refusal that outlasts their retries.
   */
  static final int TRIES = 2;

  /** The pause before asking again. */
  static final long PAUSE_MILLIS = 1_000;

  private UnchangedDeletes() {}

  /**
   * Deletes {@code listed} from {@code side}, each only while it is the object listed, and returns
   * what the store did not delete. Keys refused for a passing reason are asked again, {@link
   * #TRIES} times in all. When every key of the batch was still so refused, the store rather than
   * the keys may be failing and nothing of the batch was deleted: the attempt ends for Temporal to
   * retry it. On the last attempt the migration pauses if a side proves unreachable; else each key
   * is returned, refused.
   */
  static List<DeleteFailure> delete(StorageBackend side, List<ObjectInfo> listed, RangeRun run) {
    Map<String, ObjectInfo> byKey = new HashMap<>();
    listed.forEach(o -> byKey.put(o.key(), o));
    List<DeleteFailure> failures = deleteUnchanged(side, listed);
    for (int tried = 1; tried < TRIES && anyPassing(failures); tried++) {
      sleep(PAUSE_MILLIS);
      List<ObjectInfo> again = new ArrayList<>();
      List<DeleteFailure> settled = new ArrayList<>();
      for (DeleteFailure f : failures) {
        if (f.passing()) {
          again.add(byKey.get(f.key()));
        } else {
          settled.add(f);
        }
      }
      settled.addAll(deleteUnchanged(side, again));
      failures = settled;
    }
    if (!failures.isEmpty()
        && failures.size() == listed.size()
        && failures.stream().allMatch(DeleteFailure::passing)) {
      DeleteFailure first = failures.get(0);
      RetryableStorageException e = new RetryableStorageException(first.message());
      if (!run.lastAttempt()) {
        run.storageError(first.key(), e, Origin.NEW); // heartbeats where the range stands; throws
      }
      ApplicationFailure outage = run.sideFault(e); // probes both sides on the last attempt
      if (outage != null) {
        throw outage;
      }
    }
    return failures; // on the last attempt, with both sides answering: the keys' own failures
  }

  /**
   * The store's answer for {@code listed}, where a request for the whole batch refused for a
   * passing reason (a GCS batch answered 500) refuses each key so, to be asked again and, if it
   * stays so, named one by one; a key deleted by a part of the batch that went through is not found
   * when asked again, which counts as deleted.
   */
  private static List<DeleteFailure> deleteUnchanged(StorageBackend side, List<ObjectInfo> listed) {
    try {
      return side.deleteUnchanged(listed);
    } catch (RetryableStorageException e) {
      return listed.stream().map(o -> DeleteFailure.refused(o.key(), e)).toList();
    }
  }

  private static boolean anyPassing(List<DeleteFailure> failures) {
    return failures.stream().anyMatch(DeleteFailure::passing);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to delete again", e);
    }
  }
}
