package dev.ferry.worker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
  record Snapshot(String id, long bytesCopied, Instant at) {}

  @Test
  void aFieldAddedByTheClientComesLastBesideTheRecordsOwn() {
    Snapshot s = new Snapshot("m1", 10, Instant.parse("2026-12-06T00:00:00Z"));
    assertEquals(
        "{\"id\":\"m1\",\"bytesCopied\":10,\"at\":\"2026-12-06T00:00:00Z\",\"bytesInFlight\":5}",
        JsonOutput.writeWith(s, "bytesInFlight", 5));
    assertEquals(
        "{\"id\":\"m1\",\"bytesCopied\":10,\"at\":\"2026-12-06T00:00:00Z\"}", JsonOutput.write(s));
  }
}
