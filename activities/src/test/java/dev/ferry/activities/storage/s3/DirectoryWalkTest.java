package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.s3.DirectoryWalk.Entry;
import dev.ferry.activities.storage.s3.DirectoryWalk.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The walk against S3's delimited listing as AWS answers it, over random keys made of the
 * characters that sort around {@code /}: every bound and page size must give a flat listing's keys.
 */
class DirectoryWalkTest {
  /**
   * A delimited listing over a set of keys as AWS answers it: a common prefix is named whenever a
   * key under it follows start-after, even when start-after is inside it.
   */
  private static final class AwsLikeStore implements DirectoryWalk.Requests {
    private final TreeSet<String> keys = new TreeSet<>(KeyOrder.COMPARATOR);
    private int requests;

    @Override
    public Supplier<Level> list(
        String prefix, String startAfter, String continuation, int maxKeys) {
      requests++;
      Level level = answer(prefix, startAfter, continuation, maxKeys);
      return () -> level;
    }

    private Level answer(String prefix, String startAfter, String continuation, int maxKeys) {
      String after = continuation != null ? continuation : startAfter;
      List<Entry> entries = new ArrayList<>();
      for (String key : after == null ? keys : keys.tailSet(after, false)) {
        if (continuation != null && continuation.endsWith("/") && key.startsWith(continuation)) {
          continue; // a page that ended on a prefix goes on after everything under it
        }
        if (!key.startsWith(prefix)) {
          if (KeyOrder.compare(key, prefix) > 0) {
            break;
          }
          continue;
        }
        int slash = key.indexOf('/', prefix.length());
        String name = slash < 0 ? key : key.substring(0, slash + 1);
        if (!entries.isEmpty() && entries.get(entries.size() - 1).name().equals(name)) {
          continue;
        }
        if (entries.size() == maxKeys) {
          return new Level(entries, entries.get(entries.size() - 1).name());
        }
        entries.add(new Entry(name, slash < 0 ? info(key) : null));
      }
      return new Level(entries, null);
    }
  }

  private static ObjectInfo info(String key) {
    return new ObjectInfo(key, 1, "e", null, null, Map.of(), null);
  }

  private static String randomKey(Random random) {
    String[] parts = {"a", "b", "/", "-", "0"};
    StringBuilder key = new StringBuilder();
    int length = 1 + random.nextInt(6);
    for (int i = 0; i < length; i++) {
      key.append(parts[random.nextInt(parts.length)]);
    }
    return key.toString();
  }

  /**
   * Every key in (after, last] from pages of {@code pageSize}: each page a new walk from the last
   * key of the one before, or with {@code goOn} one walk going on.
   */
  private static List<String> walkAll(
      AwsLikeStore store, String after, String last, int pageSize, boolean goOn) {
    String root = after == null || last == null ? "" : KeyOrder.commonPrefix(after, last);
    DirectoryWalk walk = new DirectoryWalk(store, root, after, last);
    List<String> listed = new ArrayList<>();
    String cursor = after;
    while (true) {
      ListPage page =
          goOn ? walk.next(pageSize) : new DirectoryWalk(store, root, cursor, last).next(pageSize);
      assertTrue(page.objects().size() <= pageSize);
      page.objects().forEach(o -> listed.add(o.key()));
      if (!page.truncated()) {
        return listed;
      }
      assertFalse(page.objects().isEmpty(), "a truncated page holds keys");
      cursor = page.lastKey();
      assertTrue(walk.continues(cursor, last) || !goOn);
    }
  }

  @Test
  void walkedPagesHoldExactlyTheKeysOfEachBound() {
    Random random = new Random(7);
    for (int round = 0; round < 30; round++) {
      AwsLikeStore store = new AwsLikeStore();
      while (store.keys.size() < 25) {
        store.keys.add(randomKey(random));
      }
      List<String> keys = new ArrayList<>(store.keys);
      List<String> bounds = new ArrayList<>(keys);
      bounds.add(null);
      for (String after : bounds) {
        for (String last : bounds) {
          List<String> expected =
              keys.stream()
                  .filter(k -> after == null || KeyOrder.compare(k, after) > 0)
                  .filter(k -> last == null || KeyOrder.compare(k, last) <= 0)
                  .toList();
          for (int pageSize : new int[] {1, 3, 1000}) {
            for (boolean goOn : new boolean[] {false, true}) {
              assertEquals(
                  expected,
                  walkAll(store, after, last, pageSize, goOn),
                  "keys " + keys + ", (" + after + ", " + last + "], pages of " + pageSize);
            }
          }
        }
      }
    }
  }

  @Test
  void eachDirectoryIsListedOnce() {
    AwsLikeStore store = new AwsLikeStore();
    for (String dir : List.of("d0/", "d1/", "d2/")) {
      for (int i = 0; i < 4; i++) {
        store.keys.add(dir + "k" + i);
      }
    }
    store.keys.add("r");
    assertEquals(13, walkAll(store, null, null, 1000, false).size());
    assertEquals(4, store.requests, "the root and three directories");
    store.requests = 0;
    assertEquals(13, walkAll(store, null, null, 5, true).size());
    assertEquals(4, store.requests, "a walk going on page by page lists each directory once");
    assertFalse(
        new DirectoryWalk(store, "", null, null).next(13).truncated(),
        "a full page that took the last entry of every directory is the end");
    assertTrue(new DirectoryWalk(store, "", null, null).next(12).truncated());
  }
}
