package dev.ferry.worker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InFlightObjectTest {
  @Test
  void readsKeyOffsetAndSizeFromARecord() {
    Optional<InFlightObject> o =
        InFlightObject.parse(
            "CopyRange",
            2,
            List.of(
                "{\"lastKey\":\"big/50g.bin\",\"byteOffset\":1073741824,\"objectSize\":53687091200}"));
    assertEquals(
        new InFlightObject("CopyRange", 2, "big/50g.bin", 1L << 30, 50L << 30), o.orElseThrow());
    assertEquals("big/50g.bin: 1.0 GiB of 50.0 GiB (CopyRange, attempt 2)", o.get().describe());
  }

  @Test
  void readsTheRangeHeartbeatOfTheActivities() {
    String heartbeat =
        "{\"lastKey\":\"a/0999\",\"partial\":{\"copied\":999,\"skipped\":0,\"failed\":0,"
            + "\"bytesCopied\":1000,\"deleted\":0,\"failures\":[]},"
            + "\"currentKey\":\"a/1000\",\"currentBytes\":500}";
    InFlightObject o = InFlightObject.parse("CopyRange", 1, List.of(heartbeat)).orElseThrow();
    assertEquals("a/1000", o.key());
    assertEquals(1500, o.bytes());
  }

  @Test
  void findsFieldsInNestedObjectsAndArrays() {
    Optional<InFlightObject> o =
        InFlightObject.parse(
            "CopyRange", 1, List.of("[{\"current\":{\"key\":\"a\",\"bytesDone\":7}}]"));
    assertEquals(7, o.orElseThrow().bytes());
    assertEquals("a", o.get().key());
    assertEquals(-1, o.get().size());
  }

  @Test
  void ignoresDetailsWithoutBytesAndGarbage() {
    assertTrue(InFlightObject.parse("VerifyRange", 1, List.of("\"k\"", "not json {")).isEmpty());
    assertTrue(InFlightObject.parse("CopyRange", 1, List.of()).isEmpty());
  }
}
