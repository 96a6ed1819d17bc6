package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StepCountsTest {
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
    assertEquals(new StepCounts(6, 1, 3, 3, 0, 700), StepCounts.held(verify, false));
    assertEquals(new StepCounts(0, 0, 0, 3, 5, 0), StepCounts.held(verify, true));
  }

  @Test
  void aResumePointCountsAsTheSameResultDoesInTheLedger() throws Exception {
    String partial =
        "{\"copied\":7,\"skipped\":2,\"failed\":1,\"bytesCopied\":700,\"deleted\":3,"
            + "\"rejectedCopied\":1,\"rejectedSkipped\":1,\"kept\":5}";
    RangeResult result = JSON.readValue(partial, RangeResult.class);
    assertEquals(StepCounts.of(result), StepCounts.held(beat(partial), false));
    assertEquals(StepCounts.ofPrune(result), StepCounts.held(beat(partial), true));

    MigrationLedger ledger = new MigrationLedger();
    ledger.apply(result);
    assertEquals(6, ledger.objectsCopied);
    assertEquals(1, ledger.objectsSkipped);
    assertEquals(3, ledger.objectsFailed);
    assertEquals(3, ledger.objectsDeleted);
    assertEquals(700, ledger.bytesCopied);
  }

  @Test
  void aResumePointWithoutCountersCountsNothing() throws Exception {
    assertEquals(StepCounts.NONE, StepCounts.held(null, false));
    assertEquals(StepCounts.NONE, StepCounts.held(JSON.readTree("{\"lastKey\":null}"), false));
    assertEquals(StepCounts.NONE, StepCounts.held(beat("null"), false));
  }

  @Test
  void sumsTheSteps() {
    StepCounts one = new StepCounts(1, 2, 3, 4, 5, 6);
    assertEquals(new StepCounts(2, 4, 6, 8, 10, 12), one.plus(one));
    assertEquals(6, one.objects());
  }
}
