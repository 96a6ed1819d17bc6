package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class HeldCountsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode beat(String partial) throws Exception {
    return JSON.readTree("{\"lastKey\":\"k9\",\"partial\":" + partial + ",\"bytesWritten\":99}");
  }

  @Test
  void countsAResumePointAsTheLedgerWillCountTheStepsResult() throws Exception {
    JsonNode verify =
        beat(
            "{\"copied\":7,\"skipped\":2,\"failed\":1,\"bytesCopied\":700,\"deleted\":3,"
                + "\"rejectedCopied\":1,\"rejectedSkipped\":1,\"kept\":5}");
    assertEquals(new HeldCounts(6, 1, 3, 3, 0, 700), HeldCounts.of(verify, false));
    assertEquals(new HeldCounts(0, 0, 0, 3, 5, 0), HeldCounts.of(verify, true));
  }

  @Test
  void aResumePointWithoutCountersCountsNothing() throws Exception {
    assertEquals(HeldCounts.NONE, HeldCounts.of(null, false));
    assertEquals(HeldCounts.NONE, HeldCounts.of(JSON.readTree("{\"lastKey\":null}"), false));
    assertEquals(HeldCounts.NONE, HeldCounts.of(beat("null"), false));
  }

  @Test
  void sumsTheSteps() {
    HeldCounts one = new HeldCounts(1, 2, 3, 4, 5, 6);
    assertEquals(new HeldCounts(2, 4, 6, 8, 10, 12), one.plus(one));
    assertEquals(6, one.objects());
  }
}
