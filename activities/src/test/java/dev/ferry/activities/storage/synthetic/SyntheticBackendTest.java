package dev.ferry.activities.storage.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticBackendTest {
  private final SyntheticBackend source = SyntheticBackend.create(2_500, 100);

  @Test
  void keysHaveNineDigits() {
    assertEquals("obj-000000000", SyntheticBackend.key(0));
    assertEquals("obj-000001234", SyntheticBackend.key(1234));
    assertEquals("obj-999999999", SyntheticBackend.key(999_999_999));
  }

  @Test
  void listsEveryObjectOnceInKeyOrderAcrossPages() {
    String cursor = null;
    long seen = 0;
    ListPage page;
    do {
      page = source.list(cursor, null, 1_000);
      for (ObjectInfo o : page.objects()) {
        assertEquals(SyntheticBackend.key(seen), o.key());
        assertEquals(100, o.size());
        seen++;
      }
      cursor = page.lastKey();
    } while (page.truncated());
    assertEquals(2_500, seen);
    assertEquals(250_000, source.totalBytes());
  }

  @Test
  void listingHonoursBoundsGivenAsAnyString() {
    ListPage page = source.list("obj-000000009", "obj-000000012", 100);
    assertEquals(
        List.of("obj-000000010", "obj-000000011", "obj-000000012"),
        page.objects().stream().map(ObjectInfo::key).toList());
    assertFalse(page.truncated());
    // A bound that is no key of the source: the keys after "obj-000000009~" start at 10.
    assertEquals(
        "obj-000000010", source.list("obj-000000009~", "obj-000000011", 10).objects().get(0).key());
    assertEquals(2, source.list("obj-000000009~", "obj-000000011", 10).objects().size());
    assertTrue(source.list("zzz", null, 10).objects().isEmpty());
    assertEquals("obj-000000000", source.list("a", null, 1).lastKey());
    assertTrue(source.list(null, null, 1).truncated());
  }

  @Test
  void contentIsDeterministicPerObject() throws IOException {
    byte[] a;
    try (InputStream in = source.open("obj-000000007")) {
      a = in.readAllBytes();
    }
    byte[] b = new byte[100];
    try (InputStream in = source.open("obj-000000007")) {
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) in.read();
      }
      assertEquals(-1, in.read());
    }
    assertEquals(100, a.length);
    assertArrayEquals(a, b);
    byte[] other;
    try (InputStream in = source.open("obj-000000008")) {
      other = in.readAllBytes();
    }
    assertFalse(java.util.Arrays.equals(a, other));
  }

  @Test
  void unknownKeysAreMissingAndWritesAreRefused() {
    assertTrue(source.stat("obj-000002500").isEmpty());
    assertTrue(source.stat("obj-12").isEmpty());
    for (String near :
        List.of("d/obj-000000001", "xobj-000000001", "obj-00000000x", "obj-0000000001")) {
      assertTrue(source.stat(near).isEmpty(), near);
    }
    assertTrue(source.stat("obj-000000001").isPresent());
    assertThrows(NotFoundException.class, () -> source.open("other"));
    assertThrows(
        PermanentStorageException.class,
        () -> source.put("obj-1", new ByteArrayInputStream(new byte[1]), 1, ObjectMetadata.EMPTY));
    assertThrows(PermanentStorageException.class, () -> source.delete(List.of("obj-000000001")));
    assertThrows(IllegalArgumentException.class, () -> SyntheticBackend.create(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> SyntheticBackend.create(1, -1));
  }
}
