package dev.ferry.activities.migration;

/**
 * Whether two locations overlap, judged by their backends' canonical {@link
 * dev.ferry.activities.storage.StorageBackend#locationId() location ids}, so a profile and a bare
 * path naming one tree are caught too.
 */
final class Locations {
  private Locations() {}

  /**
   * Whether one location lies inside the other (or they are the same): moving or copying a prefix
   * into itself would list its own copies.
   */
  static boolean overlap(String idA, String idB) {
    return nested(idA, idB) || nested(idB, idA);
  }

  private static boolean nested(String inner, String outer) {
    return inner.equals(outer) || inner.startsWith(outer.endsWith("/") ? outer : outer + "/");
  }
}
