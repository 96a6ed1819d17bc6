package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailureLogTest {
  @Test
  void pagesOldestFirstAndKeepsTheNewest() {
    FailureLog log = new FailureLog();
    for (int i = 0; i < FailureLog.CAPACITY + 5; i++) {
      log.add(new ObjectFailure("k" + i, "NOT_FOUND", "gone", 1));
    }
    assertEquals(FailureLog.CAPACITY, log.size());
    FailuresPage first = log.page(0, 2);
    assertEquals("k5", first.failures().get(0).key());
    assertEquals(FailureLog.CAPACITY, first.total());
    assertTrue(log.page(FailureLog.CAPACITY, 10).failures().isEmpty());
    // The stock CLI's query without inputs asks for offset 0, limit 0: every failure held.
    assertEquals(FailureLog.CAPACITY, log.page(0, 0).failures().size());
    assertEquals("k" + (FailureLog.CAPACITY + 4), log.newest(1).get(0).key());
  }

  @Test
  void truncatesLongMessages() {
    FailureLog log = new FailureLog();
    log.add(new ObjectFailure("k", "PERMANENT", "x".repeat(5_000), 2));
    assertEquals(FailureLog.MAX_MESSAGE, log.page(0, 1).failures().get(0).message().length());
  }

  @Test
  void aLongKeyIsCutFromTheMiddleSoTheReasonStays() {
    FailureLog log = new FailureLog();
    String key = "long3/" + "u".repeat(1_000);
    String message = "s3 vgw:dst: put " + key + ": KeyTooLongError (Your key is too long.)";
    log.add(new ObjectFailure(key, "PERMANENT", message, 1));
    String kept = log.page(0, 1).failures().get(0).message();
    assertEquals(FailureLog.MAX_MESSAGE, kept.length());
    assertTrue(kept.startsWith("s3 vgw:dst: put long3/uuu"), kept);
    assertTrue(kept.endsWith("uuu: KeyTooLongError (Your key is too long.)"), kept);
    assertTrue(kept.contains(" ... "), kept);
  }
}
