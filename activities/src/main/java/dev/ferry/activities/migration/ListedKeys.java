package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys of a {@code --files-from} list as a listing of one side: each key is asked of the side
 * by name (a HEAD or a stat), so exactly the listed keys take part. A key the source lacks is kept
 * as a {@link Listing#missing} placeholder, for copy to refuse by name; the destination lists only
 * what it holds.
 */
final class ListedKeys implements Listing {
  private final KeyList keys;
  private final StorageBackend side;
  private final boolean keepMissing;

  ListedKeys(KeyList keys, StorageBackend side, boolean keepMissing) {
    this.keys = keys;
    this.side = side;
    this.keepMissing = keepMissing;
  }

  @Override
  public ListPage list(String after, String last, int max) {
    List<ObjectInfo> objects = new ArrayList<>();
    String cursor = after;
    while (true) {
      List<String> page = keys.keys(cursor, last, max);
      for (String key : page) {
        Optional<ObjectInfo> found = stat(key);
        if (found.isPresent()) {
          objects.add(found.get());
        } else if (keepMissing) {
          objects.add(Listing.missing(key));
        }
      }
      boolean more = page.size() >= max;
      // An empty page ends a listing: go on past keys the side lacks until one is found.
      if (!objects.isEmpty() || !more) {
        return new ListPage(objects, more);
      }
      cursor = page.get(page.size() - 1);
    }
  }

  /**
   * The side's object under {@code key}; empty also for a key the side refuses outright (a name a
   * filesystem cannot hold, say): copy asks again and fails that key alone with the side's reason.
   */
  private Optional<ObjectInfo> stat(String key) {
    try {
      return side.stat(key);
    } catch (PermanentStorageException e) {
      return Optional.empty();
    }
  }
}
