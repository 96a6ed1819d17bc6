package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PayloadBudgetTest {
  private static int serialized(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow().getData().size();
  }

  @Test
  void aStringsJsonSizeIsWhatTemporalsConverterWrites() {
    SplittableRandom random = new SplittableRandom(20261203L);
    int[] pool = {
      0x01, 0x1f, '"', '\\', '/', 'a', 0x7f, 0xe9, 0x7ff, 0x800, 0x4e2d, 0xfffd, 0x1f600
    };
    for (int round = 0; round < 500; round++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        s.appendCodePoint(pool[random.nextInt(pool.length)]);
      }
      // The payload is the JSON string: the contents between two quotes.
      assertEquals(
          serialized(s.toString()) - 2, PayloadBudget.jsonBytes(s.toString()), s::toString);
    }
  }

  @Test
  void aFailuresEstimateIsNeverBelowItsJson() {
    ObjectFailure f = new ObjectFailure("k\u0001\"é😀", "NOT_FOUND", "not \"found\"", 3);
    assertTrue(PayloadBudget.jsonBytes(f) >= serialized(f));
  }

  @Test
  void aRunCarriesTheNewestFailuresThatFitTheBudget() {
    FailureLog log = new FailureLog();
    String key = "\u0001".repeat(1024); // 6 KiB of JSON each
    for (int i = 0; i < 100; i++) {
      log.add(new ObjectFailure(i + key, "ACCESS_DENIED", "denied", 1));
    }
    List<ObjectFailure> carried =
        log.newest(MigrationCheckpoint.MAX_CARRIED_FAILURES, PayloadBudget.FAILURE_BYTES);
    assertTrue(serialized(carried) <= PayloadBudget.FAILURE_BYTES, serialized(carried) + " B");
    assertTrue(carried.size() >= 9, carried.size() + " failures");
    assertEquals("99" + key, carried.get(carried.size() - 1).key());
    // Short keys: all 100 fit.
    log.addAll(
        IntStream.range(0, 100)
            .mapToObj(i -> new ObjectFailure("k" + i, "ACCESS_DENIED", "denied", 1))
            .toList());
    assertEquals(
        100,
        log.newest(MigrationCheckpoint.MAX_CARRIED_FAILURES, PayloadBudget.FAILURE_BYTES).size());
  }

  @Test
  void aRangesEstimateIsNeverBelowItsJson() {
    KeyRange first = new KeyRange(null, "k\u0001\"é😀", Long.MAX_VALUE, Long.MAX_VALUE);
    assertTrue(PayloadBudget.jsonBytes(first) >= serialized(first));
    KeyRange next = new KeyRange("a".repeat(1024), "b".repeat(1024), -1, 0);
    assertTrue(PayloadBudget.jsonBytes(next) >= serialized(next));
  }
}
