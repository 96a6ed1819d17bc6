package dev.ferry.workflows;

/** Percent and ETA from counters and rates; pure functions. */
final class ProgressMath {
  /** The most percent shows while the listing runs. */
  static final double MAX_WHILE_LISTING = 99.9;

  private ProgressMath() {}

  /**
   * Percent of objects done, 0..100. While listing runs it is relative to what is listed so far;
   * once the listing is complete it is exact. An empty, fully listed migration is 100 % done.
   */
  static double percent(long done, long total, boolean listingComplete) {
    if (total <= 0) {
      return listingComplete ? 100.0 : 0.0;
    }
    return Math.min(100.0, done * 100.0 / total);
  }

  /**
   * {@link #percent}, but below 100 until the listing is complete: every range listed so far can be
   * done while more is still to list, and 100 % would say the migration is over.
   */
  static double percentBelowFullWhileListing(long done, long total, boolean listingComplete) {
    double percent = percent(done, total, listingComplete);
    return listingComplete ? percent : Math.min(MAX_WHILE_LISTING, percent);
  }

  /**
   * Seconds to go, or null while unknown (listing not complete, or no progress measured yet). Based
   * on bytes when there are bytes left, else on objects, each at its recent rate.
   */
  static Long etaSeconds(
      boolean listingComplete,
      long bytesLeft,
      long objectsLeft,
      double bytesPerSecond,
      double objectsPerSecond) {
    if (!listingComplete) {
      return null;
    }
    if (objectsLeft <= 0) {
      return 0L;
    }
    if (bytesLeft > 0 && bytesPerSecond > 0) {
      return (long) Math.ceil(bytesLeft / bytesPerSecond);
    }
    if (objectsPerSecond > 0) {
      return (long) Math.ceil(objectsLeft / objectsPerSecond);
    }
    return null;
  }
}
