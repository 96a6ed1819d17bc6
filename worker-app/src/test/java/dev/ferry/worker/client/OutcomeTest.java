package dev.ferry.worker.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ferry.workflows.MigrationProgress;
import org.junit.jupiter.api.Test;

class OutcomeTest {
  private static MigrationProgress completed(long objectsFailed, long passFailed) throws Exception {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .readValue(
            String.format(
                "{\"id\":\"m\",\"state\":\"COMPLETED\",\"mode\":\"SYNC\",\"objectsFailed\":%d,"
                    + "\"lastPass\":{\"pass\":1,\"objectsChanged\":3,\"bytesChanged\":3,"
                    + "\"deleted\":0,\"failed\":%d,\"seconds\":1.0}}",
                objectsFailed, passFailed),
            MigrationProgress.class);
  }

  @Test
  void aSyncWhoseDeletesFailedDidNotEndClean() throws Exception {
    assertTrue(Outcome.endedClean(completed(0, 0)));
    assertFalse(Outcome.endedClean(completed(2, 2)));
    // The deletes of its last pass failed: it ended COMPLETED with 0 failed objects, exit 0.
    assertFalse(Outcome.endedClean(completed(0, 300)));
  }
}
