package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.PrunedListing;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.MigrationRequest;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Where a side's keys come from: its own listing, or, with {@code --files-from}, the keys of the
 * list, each asked of the side by name ({@link ListedKeys}).
 */
@FunctionalInterface
interface Listing {
  /** Objects with {@code after < key <= last}, as {@link StorageBackend#list}. */
  ListPage list(String after, String last, int max);

  /**
   * The source as copy sees it: with {@code --files-from}, a listed key the source lacks comes as a
   * {@link #missing} placeholder, so that copy refuses it by name.
   */
  static Listing source(MigrationRequest request, StorageBackend source) {
    return request.filesFrom() == null
        ? walked(request, source)
        : new ListedKeys(KeyList.open(request.filesFrom()), source, true);
  }

  /** The objects {@code side} holds of {@code request}'s migration (either side). */
  static Listing present(MigrationRequest request, StorageBackend side) {
    return request.filesFrom() == null
        ? walked(request, side)
        : new ListedKeys(KeyList.open(request.filesFrom()), side, false);
  }

  /** The side's own listing, never entering a directory the request's excludes leave out. */
  static Listing walked(MigrationRequest request, StorageBackend side) {
    if (side instanceof PrunedListing pruned) {
      Predicate<String> enters = KeyFilter.entersFor(request);
      return (after, last, max) -> pruned.list(after, last, max, enters);
    }
    return side::list;
  }

  /** A listed key no object answers to at the source: size -1, never a real object's. */
  static ObjectInfo missing(String key) {
    return new ObjectInfo(key, -1, null, Instant.EPOCH, null, null, null);
  }

  /** Whether {@code o} is a {@link #missing} placeholder. */
  static boolean isMissing(ObjectInfo o) {
    return o.size() < 0;
  }
}
