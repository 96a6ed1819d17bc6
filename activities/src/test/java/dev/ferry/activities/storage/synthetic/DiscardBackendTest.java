package dev.ferry.activities.storage.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscardBackendTest {
  private final DiscardBackend sink = DiscardBackend.create();

  @Test
  void readsAndDropsEveryWriteAndHoldsNothing() {
    byte[] data = new byte[5_000];
    ObjectInfo written =
        sink.put(
            "a/b",
            new ByteArrayInputStream(data),
            data.length,
            new ObjectMetadata("text/plain", Map.of("k", "v")));
    assertEquals(5_000, written.size());
    assertEquals("text/plain", written.contentType());
    sink.put("c", new ByteArrayInputStream(new byte[3]), -1, null);
    assertEquals(2, sink.objectsWritten());
    assertEquals(5_003, sink.bytesWritten());
    assertTrue(sink.list(null, null, 10).objects().isEmpty());
    assertTrue(sink.stat("a/b").isEmpty());
    assertThrows(NotFoundException.class, () -> sink.open("a/b"));
    assertEquals(List.of(), sink.delete(List.of("a/b", "never")));
  }

  @Test
  void refusesBytesThatDoNotMatchTheExpectedChecksumOrSize() {
    byte[] data = {1, 2, 3};
    String md5 = DigestingInputStream.md5Hex(data, data.length);
    ObjectMetadata expected = new ObjectMetadata(null, Map.of(), null, md5);
    sink.put("ok", new ByteArrayInputStream(data), 3, expected);
    assertThrows(
        ChecksumMismatchException.class,
        () -> sink.put("bad", new ByteArrayInputStream(new byte[] {1, 2, 4}), 3, expected));
    assertThrows(
        ChecksumMismatchException.class,
        () -> sink.put("short", new ByteArrayInputStream(data), 4, ObjectMetadata.EMPTY));
    assertEquals(1, sink.objectsWritten());
  }
}
