package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.workflows.ObjectFailure;
import dev.ferry.workflows.RangeResult;
import io.temporal.common.converter.DefaultDataConverter;
import org.junit.jupiter.api.Test;

class CarriedFailuresTest {
  @Test
  void aResultCarriesNoMoreFailuresThanKeepItUnderThePayloadLimit() {
    CarriedFailures failures = new CarriedFailures();
    String key = "\"\u0002".repeat(512); // 1 KiB of key, 4 KiB of JSON
    for (int i = 0; i < RangeResult.MAX_FAILURES; i++) {
      failures.add(new ObjectFailure(i + key, "ACCESS_DENIED", "access denied to " + key, 2));
    }
    RangeResult result = new RangeResult(0, 0, 100, 0, 0, 0, 0, failures.list(), null);
    int payload =
        DefaultDataConverter.STANDARD_INSTANCE.toPayload(result).orElseThrow().getData().size();
    assertTrue(payload <= 64 * 1024 + 1024, payload + " B");
    assertEquals("0" + key, failures.list().get(0).key()); // the first ones are kept
    // Short keys: the count decides.
    CarriedFailures shortKeys = new CarriedFailures();
    for (int i = 0; i < 2 * RangeResult.MAX_FAILURES; i++) {
      shortKeys.add(new ObjectFailure("k" + i, "NOT_FOUND", "not found at the source", 1));
    }
    assertEquals(RangeResult.MAX_FAILURES, shortKeys.list().size());
  }
}
