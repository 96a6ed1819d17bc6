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
 * @param failEvery every how many objects one cannot be read, for good (the last of each run of
 *     that many), or 0 for none: a run's failures, reports and retries at any scale
 */
public record StoreBehaviour(
    KeyShape shape,
    int fanOut,
    int pageSize,
    long listLatencyMillis,
    long getLatencyMillis,
    long failEvery) {

  /** Instant, flat, unpaged. */
  public static final StoreBehaviour INSTANT = new StoreBehaviour(KeyShape.FLAT, 100, 0, 0, 0);

  public StoreBehaviour {
    if (fanOut < 2 || fanOut > 1000) {
      throw new IllegalArgumentException("fanOut must be within 2..1000, got " + fanOut);
    }
    if (pageSize < 0 || listLatencyMillis < 0 || getLatencyMillis < 0 || failEvery < 0) {
      throw new IllegalArgumentException("pageSize, latencies and failEvery must not be negative");
    }
  }

  /** A store whose every object can be read. */
  public StoreBehaviour(
      KeyShape shape, int fanOut, int pageSize, long listLatencyMillis, long getLatencyMillis) {
    this(shape, fanOut, pageSize, listLatencyMillis, getLatencyMillis, 0);
  }

  /** Whether object {@code index} (from 0) is one that cannot be read. */
  boolean fails(long index) {
    return failEvery > 0 && (index + 1) % failEvery == 0;
  }
}
