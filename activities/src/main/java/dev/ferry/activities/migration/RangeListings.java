package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.workflows.KeyRange;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The source objects of the ranges {@code ListRanges} just cut in this worker, kept briefly so that
 * the {@code CopyRange} of the same range takes them instead of listing the source a second time.
 * Where a listing costs about what reading does (S3Proxy reads every object's attributes to list
 * it), that second listing was a fifth of the servers' work in an S3 to S3 copy of small objects.
 *
 * <p>Bounded in objects and in age: a range not found here (cut by another worker, retried, or
 * waiting too long) is listed as before. Thread-safe.
 */
final class RangeListings {
  /** Most objects kept over all ranges; the oldest ranges go first. */
  static final int MAX_OBJECTS = 100_000;

  /** Oldest listing handed out: a range waiting longer is listed afresh. */
  static final Duration MAX_AGE = Duration.ofMinutes(2);

  private record Key(String source, String startAfter, String lastKey) {}

  private record Listed(List<ObjectInfo> objects, long atNanos) {}

  private final Map<Key, Listed> ranges = new LinkedHashMap<>(); // oldest first
  private final LongSupplier nanoClock;
  private int objects;

  RangeListings() {
    this(System::nanoTime);
  }

  RangeListings(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Keeps the matching source objects of {@code range}, in key order, as listed just now. */
  synchronized void put(String source, KeyRange range, List<ObjectInfo> rangeObjects) {
    long now = nanoClock.getAsLong();
    forget(ranges.remove(key(source, range)));
    if (rangeObjects.size() > MAX_OBJECTS) {
      return;
    }
    ranges.put(key(source, range), new Listed(List.copyOf(rangeObjects), now));
    objects += rangeObjects.size();
    for (Iterator<Listed> oldest = ranges.values().iterator(); oldest.hasNext(); ) {
      Listed listed = oldest.next();
      if (objects <= MAX_OBJECTS && !expired(listed, now)) {
        break;
      }
      oldest.remove();
      forget(listed);
    }
  }

  /** The objects kept for {@code range}, once: a second take finds nothing. */
  synchronized Optional<List<ObjectInfo>> take(String source, KeyRange range) {
    Listed listed = ranges.remove(key(source, range));
    forget(listed);
    if (listed == null || expired(listed, nanoClock.getAsLong())) {
      return Optional.empty();
    }
    return Optional.of(listed.objects());
  }

  synchronized int size() {
    return objects;
  }

  private void forget(Listed listed) {
    if (listed != null) {
      objects -= listed.objects().size();
    }
  }

  private static boolean expired(Listed listed, long now) {
    return now - listed.atNanos() > MAX_AGE.toNanos();
  }

  private static Key key(String source, KeyRange range) {
    return new Key(source, range.startAfter(), range.lastKey());
  }
}
