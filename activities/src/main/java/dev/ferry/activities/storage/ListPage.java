package dev.ferry.activities.storage;

import java.util.List;

/**
 * One page of a listing, in key order.
 *
 * @param objects the objects of this page
 * @param truncated true when more keys may follow within the requested bound (a full page may be
 *     followed by an empty one); false when none do
 */
public record ListPage(List<ObjectInfo> objects, boolean truncated) {
  public ListPage {
    objects = List.copyOf(objects);
  }

  /** The last key of this page, or null when it is empty; the cursor for the next page. */
  public String lastKey() {
    return objects.isEmpty() ? null : objects.get(objects.size() - 1).key();
  }
}
