package dev.ferry.activities.storage.synthetic;

/**
 * What makes a synthetic source behave like a real store: its key layout, how many keys a listing
 * page returns, and how long a page and an object read take (an S3 LIST returns at most 1,000 keys
 * in tens of milliseconds). The default is instant, flat and unpaged: orchestration alone.
 *
 * @param shape the key layout
 * @param fanOut directories per level of {@link KeyShape#NESTED}
 * @param pageSize most keys one listing request returns, or 0 for as many as asked
 * @param listLatencyMillis the time each listing request takes
 * @param getLatencyMillis the time each stat and each open of an object takes before its bytes
 */
public record StoreBehaviour(
    KeyShape shape, int fanOut, int pageSize, long listLatencyMillis, long getLatencyMillis) {

  /** Instant, flat, unpaged. */
  public static final StoreBehaviour INSTANT = new StoreBehaviour(KeyShape.FLAT, 100, 0, 0, 0);

  public StoreBehaviour {
    if (fanOut < 2 || fanOut > 1000) {
      throw new IllegalArgumentException("fanOut must be within 2..1000, got " + fanOut);
    }
    if (pageSize < 0 || listLatencyMillis < 0 || getLatencyMillis < 0) {
      throw new IllegalArgumentException("pageSize and latencies must not be negative");
    }
  }
}
