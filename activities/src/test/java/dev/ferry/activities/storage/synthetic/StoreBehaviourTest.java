package dev.ferry.activities.storage.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.PermanentStorageException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A synthetic source that behaves like a store: key layouts, page size and latencies. */
class StoreBehaviourTest {

  @ParameterizedTest
  @EnumSource(KeyShape.class)
  void everyShapeListsEachObjectOnceInKeyOrderAndFindsItByKey(KeyShape shape) {
    SyntheticBackend source =
        SyntheticBackend.create(10_000, 1, new StoreBehaviour(shape, 10, 0, 0, 0));
    List<String> keys = listAll(source, 777);
    assertEquals(10_000, keys.size());
    for (int i = 1; i < keys.size(); i++) {
      assertTrue(KeyOrder.compare(keys.get(i - 1), keys.get(i)) < 0, keys.get(i));
    }
    for (String key : List.of(keys.get(0), keys.get(4_321), keys.get(9_999))) {
      assertTrue(source.stat(key).isPresent(), key);
    }
    assertTrue(source.stat("obj-000000001").isPresent() == (shape == KeyShape.FLAT));
  }

  @Test
  void nestedKeysSpreadOverTwoLevelsOfFanOutDirectories() {
    SyntheticBackend source =
        SyntheticBackend.create(10_000, 1, new StoreBehaviour(KeyShape.NESTED, 10, 0, 0, 0));
    List<String> keys = listAll(source, 1_000);
    assertEquals("d0/d0/obj-000000000", keys.get(0));
    assertEquals("d9/d9/obj-000009999", keys.get(9_999));
    assertEquals(
        100, keys.stream().map(k -> k.substring(0, k.lastIndexOf('/'))).distinct().count());
  }

  @Test
  void skewedKeysPutNinetyPercentUnderOnePrefix() {
    SyntheticBackend source =
        SyntheticBackend.create(10_000, 1, new StoreBehaviour(KeyShape.SKEWED, 100, 0, 0, 0));
    List<String> keys = listAll(source, 1_000);
    assertEquals(9_000, keys.stream().filter(k -> k.startsWith("hot/")).count());
    assertEquals(500, keys.stream().filter(k -> k.startsWith("a/")).count());
  }

  @Test
  void aPageHoldsAtMostThePageSizeAndTakesTheListLatency() {
    SyntheticBackend source =
        SyntheticBackend.create(5_000, 1, new StoreBehaviour(KeyShape.FLAT, 100, 1_000, 30, 0));
    long started = System.nanoTime();
    ListPage page = source.list(null, null, 4_000);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(1_000, page.objects().size());
    assertTrue(page.truncated());
    assertTrue(millis >= 30, "a page took " + millis + " ms");
  }

  @Test
  void aReadTakesTheGetLatency() throws Exception {
    SyntheticBackend source =
        SyntheticBackend.create(5, 10, new StoreBehaviour(KeyShape.FLAT, 100, 0, 0, 25));
    long started = System.nanoTime();
    try (var in = source.open(SyntheticBackend.key(3))) {
      assertEquals(10, in.readAllBytes().length);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(millis >= 25, "a read took " + millis + " ms");
  }

  @Test
  void failEveryMakesTheLastObjectOfEachRunUnreadableForGood() throws Exception {
    SyntheticBackend source =
        SyntheticBackend.create(10, 3, new StoreBehaviour(KeyShape.FLAT, 100, 0, 0, 0, 5));
    assertEquals(10, listAll(source, 100).size());
    for (int i = 0; i < 10; i++) {
      String key = SyntheticBackend.key(i);
      if (i == 4 || i == 9) {
        PermanentStorageException e =
            assertThrows(PermanentStorageException.class, () -> source.open(key));
        assertEquals(
            "synthetic 10 x 3 B: " + key + " cannot be read (failEvery: 5)", e.getMessage());
      } else {
        try (var in = source.open(key)) {
          assertEquals(3, in.readAllBytes().length, key);
        }
      }
    }
  }

  private static List<String> listAll(SyntheticBackend source, int pageSize) {
    List<String> keys = new ArrayList<>();
    String cursor = null;
    ListPage page;
    do {
      page = source.list(cursor, null, pageSize);
      for (ObjectInfo o : page.objects()) {
        keys.add(o.key());
        cursor = o.key();
      }
    } while (page.truncated());
    return keys;
  }
}
