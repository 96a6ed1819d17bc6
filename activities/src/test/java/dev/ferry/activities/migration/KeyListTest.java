package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.PermanentStorageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sorted key list: ranges of it found by key, across its sparse index, keys kept exactly. */
class KeyListTest {
  @TempDir Path dir;

  @Test
  void everyRangeHoldsExactlyTheKeysBetweenItsBounds() {
    TreeSet<String> keys = new TreeSet<>(KeyOrder.COMPARATOR);
    for (int i = 0; i < 3 * KeyList.INDEX_EVERY + 7; i++) {
      keys.add(String.format("k%05d", i * 2));
    }
    keys.add("line\nbreak \"quoted\" \uD83D\uDE00");
    Path file = dir.resolve("keys");
    KeyList.write(file, keys);
    KeyList list = KeyList.open(file.toString());
    List<String> all = new ArrayList<>(keys);

    assertEquals(all, list.keys(null, null, Integer.MAX_VALUE));
    // Bounds between keys, on keys and around index lines.
    for (int after : new int[] {-1, 0, 1, 1023, 1024, 1025, 2047, 3000}) {
      String from = after < 0 ? null : String.format("k%05d", after);
      String last = String.format("k%05d", after + 1100);
      List<String> expected =
          all.stream()
              .filter(k -> from == null || KeyOrder.compare(k, from) > 0)
              .filter(k -> KeyOrder.compare(k, last) <= 0)
              .limit(300)
              .toList();
      assertEquals(expected, list.keys(from, last, 300), "after " + from);
    }
    assertEquals(List.of("line\nbreak \"quoted\" \uD83D\uDE00"), list.keys("k99999", null, 10));
  }

  @Test
  void aListTheWorkerCannotReadIsRefusedByName() {
    PermanentStorageException e =
        assertThrows(
            PermanentStorageException.class, () -> KeyList.open(dir.resolve("absent").toString()));
    assertEquals(true, e.getMessage().contains("absent"), e.getMessage());
  }
}
