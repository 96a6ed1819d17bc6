package dev.ferry.worker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

class TemporalReachTest {
  private static RuntimeException unavailable() {
    // As the SDK wraps it: the gRPC status is a cause, not the exception itself.
    return new RuntimeException(
        "query failed", new StatusRuntimeException(Status.UNAVAILABLE.withDescription("io")));
  }

  @Test
  void anOutageIsToldOnceAndItsEndOnce() {
    TemporalReach reach = new TemporalReach("127.0.0.1:7233");
    assertFalse(reach.reconnecting());
    assertNull(reach.answered(), "nothing to tell while it answers");
    assertEquals(
        "cannot reach Temporal at 127.0.0.1:7233 (UNAVAILABLE); still trying, and this goes on"
            + " once it answers",
        reach.failed(unavailable()));
    assertNull(reach.failed(unavailable()), "told once per outage");
    assertEquals("Temporal at 127.0.0.1:7233 answers again", reach.answered());
    assertTrue(reach.reconnecting(), "workers may not poll again yet");
    assertNull(reach.answered());
  }

  @Test
  void otherFailuresAreNoOutage() {
    TemporalReach reach = new TemporalReach("t:1");
    assertNull(reach.failed(new IllegalStateException("between runs")));
    assertNull(
        reach.failed(new StatusRuntimeException(Status.NOT_FOUND.withDescription("no such id"))));
    assertNull(reach.answered());
  }
}
