package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StorageBackend} must have; each backend's test extends this and only
 * says how to build an empty backend (like rclone's fstests).
 */
public abstract class StorageBackendContract {

  /** The backend under test; empty at the start of each test. */
  protected StorageBackend backend;

  /** Builds a fresh, empty backend; called before each test. */
  protected abstract StorageBackend newBackend() throws Exception;

  /** Whether the backend refuses keys that would escape a directory root ({@code ..} etc.). */
  protected boolean refusesEscapingKeys() {
    return false;
  }

  /** Whether a {@code Content-Encoding} is stored (GCS's is not: see GcsWriter). */
  protected boolean keepsContentEncoding() {
    return true;
  }

  /** Whether content-type and user metadata survive a round trip. */
  protected boolean keepsMetadata() {
    return true;
  }

  @BeforeEach
  void openBackend() throws Exception {
    backend = newBackend();
  }

  @AfterEach
  void closeBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  /** Stores {@code text} under {@code key} with no metadata. */
  protected ObjectInfo put(String key, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return backend.put(key, new ByteArrayInputStream(bytes), bytes.length, ObjectMetadata.EMPTY);
  }

  /** Reads the object under {@code key} fully. */
  protected byte[] read(String key) {
    try (InputStream in = backend.open(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lists every key from the start, page by page. */
  protected List<String> listAll(int pageSize) {
    List<String> keys = new ArrayList<>();
    String cursor = null;
    while (true) {
      ListPage page = backend.list(cursor, null, pageSize);
      page.objects().forEach(o -> keys.add(o.key()));
      assertTrue(page.objects().size() <= pageSize, "page larger than maxKeys");
      if (!page.truncated()) {
        return keys;
      }
      assertFalse(page.objects().isEmpty(), "a truncated page must not be empty");
      cursor = page.lastKey();
    }
  }

  private static String md5(byte[] bytes) {
    return DigestingInputStream.md5Hex(bytes, bytes.length);
  }

  @Test
  void emptyBackendListsNothing() {
    ListPage page = backend.list(null, null, 10);
    assertTrue(page.objects().isEmpty());
    assertFalse(page.truncated());
  }

  /**
   * The standard properties beside the content type travel as the store keeps them: a gzipped page
   * without its {@code Content-Encoding} arrives as gzip bytes.
   */
  @Test
  void contentHeadersRoundTrip() {
    if (!keepsMetadata()) {
      return;
    }
    ContentHeaders headers =
        new ContentHeaders(
            "gzip", "attachment; filename=\"report 2024.pdf\"", "public, max-age=60", "fr-CA");
    ObjectMetadata meta =
        new ObjectMetadata("application/json", Map.of("k", "v"), null, null, headers);
    backend.put("page.json.gz", new ByteArrayInputStream(new byte[] {1, 2}), 2, meta);
    ContentHeaders kept =
        keepsContentEncoding()
            ? headers
            : new ContentHeaders(
                null, headers.disposition(), headers.cacheControl(), headers.language());
    assertEquals(kept, backend.stat("page.json.gz").orElseThrow().headers());
    ObjectInfo listed = backend.list(null, null, 10).objects().get(0);
    assertEquals(kept, backend.metadataOf(listed).headers());
    backend.put("plain", new ByteArrayInputStream(new byte[] {1}), 1, ObjectMetadata.EMPTY);
    assertEquals(ContentHeaders.NONE, backend.stat("plain").orElseThrow().headers());
  }

  @Test
  void roundTripWithMetadataAndChecksum() {
    byte[] bytes = "hello, ferry".getBytes(StandardCharsets.UTF_8);
    ObjectMetadata meta = new ObjectMetadata("text/plain", Map.of("owner", "ops", "batch", "7"));
    ObjectInfo written =
        backend.put("dir/hello.txt", new ByteArrayInputStream(bytes), bytes.length, meta);
    assertEquals(md5(bytes), written.checksum());
    assertEquals(bytes.length, written.size());

    assertArrayEquals(bytes, read("dir/hello.txt"));
    ObjectInfo info = backend.stat("dir/hello.txt").orElseThrow();
    assertEquals("dir/hello.txt", info.key());
    assertEquals(bytes.length, info.size());
    assertNotNull(info.etag());
    assertNotNull(info.lastModified());
    if (keepsMetadata()) {
      assertEquals("text/plain", info.contentType());
      assertEquals(Map.of("owner", "ops", "batch", "7"), info.userMetadata());
      assertEquals(md5(bytes), info.checksum());
    }
    ListPage page = backend.list(null, null, 10);
    assertEquals(List.of("dir/hello.txt"), page.objects().stream().map(ObjectInfo::key).toList());
    assertEquals(bytes.length, page.objects().get(0).size());
    if (keepsMetadata()) {
      ObjectMetadata carried = backend.metadataOf(page.objects().get(0));
      assertEquals("text/plain", carried.contentType());
      Map<String, String> userMetadata = new java.util.HashMap<>(carried.userMetadata());
      if (backend.keepsModTimes()) {
        // A file's mtime travels as rclone's metadata entry too.
        assertEquals(carried.modTime(), ModTime.parse(userMetadata.remove(ModTime.KEY)));
      }
      assertEquals(meta.userMetadata(), userMetadata);
      assertNotNull(carried.modTime());
    }
    backend.delete(List.of("dir/hello.txt"));
    assertThrows(NotFoundException.class, () -> backend.metadataOf(page.objects().get(0)));
  }

  @Test
  void unknownLengthPut() {
    byte[] bytes = new byte[300_000];
    new java.util.Random(7).nextBytes(bytes);
    ObjectInfo written =
        backend.put("blob", new ByteArrayInputStream(bytes), -1, ObjectMetadata.EMPTY);
    assertEquals(bytes.length, written.size());
    assertEquals(md5(bytes), written.checksum());
    assertArrayEquals(bytes, read("blob"));
  }

  @Test
  void zeroByteObject() {
    ObjectInfo written = put("empty", "");
    assertEquals(0, written.size());
    assertEquals(md5(new byte[0]), written.checksum());
    assertEquals(0, backend.stat("empty").orElseThrow().size());
    assertEquals(0, read("empty").length);
    ObjectInfo unknown =
        backend.put("empty2", new ByteArrayInputStream(new byte[0]), -1, ObjectMetadata.EMPTY);
    assertEquals(0, unknown.size());
  }

  @Test
  void shortStreamIsRefusedAndLeavesNothing() {
    byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
    assertThrows(
        StorageException.class,
        () -> backend.put("short", new ByteArrayInputStream(bytes), 10, ObjectMetadata.EMPTY));
    assertTrue(backend.stat("short").isEmpty());
  }

  @Test
  void expectedChecksumIsVerifiedOnTheWay() {
    byte[] bytes = "verified bytes".getBytes(StandardCharsets.UTF_8);
    String right = md5(bytes);
    ObjectMetadata good = new ObjectMetadata("text/plain", Map.of(), null, right.toUpperCase());
    assertEquals(
        right, backend.put("v", new ByteArrayInputStream(bytes), bytes.length, good).checksum());
    assertEquals(right, backend.put("u", new ByteArrayInputStream(bytes), -1, good).checksum());
    if (keepsMetadata()) {
      assertEquals(right, backend.stat("v").orElseThrow().checksum());
    }
    ObjectMetadata bad = new ObjectMetadata(null, Map.of(), null, md5(new byte[] {1}));
    for (long size : new long[] {bytes.length, -1}) {
      assertThrows(
          ChecksumMismatchException.class,
          () -> backend.put("w", new ByteArrayInputStream(bytes), size, bad));
      assertTrue(backend.stat("w").isEmpty(), "nothing under the key after a mismatch");
      assertThrows(
          ChecksumMismatchException.class,
          () ->
              backend.put(
                  "v", new ByteArrayInputStream("other".getBytes(StandardCharsets.UTF_8)), 5, bad));
      assertArrayEquals(bytes, read("v"), "the old object stays");
    }
  }

  @Test
  void overwriteReplaces() {
    put("k", "first");
    put("k", "second, longer");
    assertEquals("second, longer", new String(read("k"), StandardCharsets.UTF_8));
    assertEquals(1, listAll(10).size());
  }

  @Test
  void missingObject() {
    assertEquals(Optional.empty(), backend.stat("nope"));
    assertThrows(NotFoundException.class, () -> backend.open("nope"));
    assertThrows(NotFoundException.class, () -> backend.open("no/such/dir/x"));
  }

  @Test
  void unicodeAndSpaceKeysListInByteOrder() {
    List<String> keys =
        List.of(
            "a b/c d.txt",
            "zürich/straße.txt",
            "日本/語.txt",
            "emoji-😀.bin",
            "ﬁ-ligature",
            "plus+sign&amp",
            "percent%20literal",
            "UPPER",
            "tab\tkey");
    for (String key : keys) {
      put(key, key);
    }
    List<String> expected = new ArrayList<>(keys);
    expected.sort(StorageBackendContract::compareUtf8);
    assertEquals(expected, listAll(1000));
    for (String key : keys) {
      assertEquals(key, new String(read(key), StandardCharsets.UTF_8));
      assertTrue(backend.stat(key).isPresent(), key);
    }
    assertEquals(List.of(), backend.delete(keys));
    assertTrue(listAll(1000).isEmpty());
  }

  @Test
  void directoriesSortAsTheirKeys() {
    List<String> keys = List.of("a", "a-b", "a.b", "a/b", "a/b/c", "a0", "a/b-c", "a/b.c", "b");
    for (String key : keys) {
      if (!key.equals("a") && !key.equals("a/b")) {
        put(key, key);
      }
    }
    List<String> written =
        new ArrayList<>(keys.stream().filter(k -> !k.equals("a") && !k.equals("a/b")).toList());
    written.sort(StorageBackendContract::compareUtf8);
    assertEquals(written, listAll(1000));
    assertEquals(written, listAll(1));
  }

  @Test
  void boundedRangeListing() {
    for (int i = 0; i < 30; i++) {
      put(String.format("k%02d", i), "x");
    }
    ListPage page = backend.list("k09", "k20", 1000);
    assertEquals(11, page.objects().size());
    assertEquals("k10", page.objects().get(0).key());
    assertEquals("k20", page.lastKey());
    assertFalse(page.truncated());

    ListPage partial = backend.list("k09", "k20", 5);
    assertEquals(
        List.of("k10", "k11", "k12", "k13", "k14"),
        partial.objects().stream().map(ObjectInfo::key).toList());
    assertTrue(partial.truncated());

    ListPage exact = backend.list("k15", "k20", 5);
    assertEquals(5, exact.objects().size());
    assertFalse(exact.truncated(), "nothing follows within the bound");

    assertTrue(backend.list("k29", null, 10).objects().isEmpty());
    assertEquals(1, backend.list("k19", "k20", 10).objects().size());
    assertEquals(
        List.of("k05"),
        backend.list("k04", "k05", 10).objects().stream().map(ObjectInfo::key).toList());
  }

  @Test
  void boundedListingsAcrossDirectoriesHoldExactlyTheKeysBetween() {
    // Bounds that share a directory, part of a name, or half of a surrogate pair.
    List<String> keys =
        new ArrayList<>(
            List.of(
                "d/a/1",
                "d/a/2",
                "d/ab/1",
                "d/b/1",
                "e0",
                "e/x/y",
                "\uD83D\uDE00a",
                "\uD83D\uDE01b"));
    for (String key : keys) {
      put(key, key);
    }
    keys.sort(StorageBackendContract::compareUtf8);
    for (int i = 0; i < keys.size(); i++) {
      for (int j = i; j < keys.size(); j++) {
        String after = keys.get(i);
        String last = keys.get(j);
        assertEquals(
            keys.subList(i + 1, j + 1),
            backend.list(after, last, 1000).objects().stream().map(ObjectInfo::key).toList(),
            "(" + after + ", " + last + "]");
      }
    }
  }

  @Test
  void listingsFromPointsThatAreNoKeysHoldExactlyTheKeysAfter() {
    // A partitioned listing asks for the keys after points it made up: a key plus a space, a
    // prefix, a prefix followed by the highest character (after every key starting with it).
    String top = new String(Character.toChars(Character.MAX_CODE_POINT));
    List<String> keys =
        new ArrayList<>(
            List.of(
                "d/a/1", "d/a/2", "d/ab", "d/b/1", "e0", "k\u00e9", "k\u4e2d", "k\uD83D\uDE00"));
    for (String key : keys) {
      put(key, key);
    }
    keys.sort(StorageBackendContract::compareUtf8);
    List<String> points =
        List.of(
            "0",
            "d/a/1 ",
            "d/a",
            "d/a/" + top,
            "d/" + top,
            "d5",
            "e",
            "k\u00e9" + top,
            "k\uD7FF",
            top);
    for (String point : points) {
      for (String last : java.util.Arrays.asList(null, "e0", "k\u4e2d")) {
        List<String> expected =
            keys.stream()
                .filter(k -> compareUtf8(k, point) > 0)
                .filter(k -> last == null || compareUtf8(k, last) <= 0)
                .toList();
        String range = "(" + point + ", " + last + "]";
        assertEquals(
            expected,
            backend.list(point, last, 1000).objects().stream().map(ObjectInfo::key).toList(),
            range);
        assertEquals(
            expected.stream().limit(1).toList(),
            backend.list(point, last, 1).objects().stream().map(ObjectInfo::key).toList(),
            "first of " + range);
      }
    }
    // A point with a character from U+E000 to U+FFFF where a key has one beyond U+FFFF: the
    // orders of UTF-8 and UTF-16 disagree there, so partitioned listings never make such points.
    List<String> afterReplacement =
        backend.list("k\uFFFD", null, 1000).objects().stream().map(ObjectInfo::key).toList();
    if (comparesPointsInUtf8Order()) {
      assertEquals(List.of("k\uD83D\uDE00"), afterReplacement);
    } else {
      assertEquals(List.of(), afterReplacement, "still a deviation");
    }
  }

  /**
   * Whether the store compares a start-after point with its keys in UTF-8 (S3's) order; false where
   * it compares in UTF-16 and skips keys beyond U+FFFF after a point from U+E000 to U+FFFF.
   */
  protected boolean comparesPointsInUtf8Order() {
    return true;
  }

  @Test
  void pagingOverManyKeysAndBatchDelete() throws Exception {
    int n = 2_600;
    List<String> keys =
        IntStream.range(0, n).mapToObj(i -> String.format("p/%02d/obj-%05d", i % 13, i)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String key : keys) {
        futures.add(pool.submit(() -> put(key, "v")));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<String> expected = new ArrayList<>(keys);
    expected.sort(StorageBackendContract::compareUtf8);
    assertEquals(expected, listAll(1000));
    assertEquals(expected, listAll(333));

    List<String> toDelete = new ArrayList<>(expected.subList(0, 2_400));
    toDelete.add("never/existed");
    assertEquals(List.of(), backend.delete(toDelete));
    assertEquals(expected.subList(2_400, n), listAll(1000));
  }

  @Test
  void deleteIsIdempotent() {
    put("d/1", "1");
    put("d/2", "2");
    assertEquals(List.of(), backend.delete(List.of("d/1")));
    assertEquals(List.of(), backend.delete(List.of("d/1", "d/2")));
    assertTrue(listAll(10).isEmpty());
    assertEquals(List.of(), backend.delete(List.of()));
  }

  /** What a listing of the whole backend says of {@code key}. */
  protected ObjectInfo listed(String key) {
    return backend.list(null, null, 1000).objects().stream()
        .filter(o -> o.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError(key + " not listed"));
  }

  @Test
  void deleteUnchangedKeepsAnObjectWrittenAgainSinceItWasListed() {
    put("u/kept", "one");
    put("u/gone", "bye");
    put("u/plain", "two");
    ObjectInfo stale = listed("u/kept");
    ObjectInfo gone = listed("u/gone");
    ObjectInfo plain = listed("u/plain");
    put("u/kept", "one, written again");
    assertEquals(List.of(), backend.delete(List.of("u/gone")));

    List<DeleteFailure> failures = backend.deleteUnchanged(List.of(stale, gone, plain));

    assertEquals(List.of(DeleteFailure.changed("u/kept")), failures);
    assertEquals("one, written again", new String(read("u/kept"), StandardCharsets.UTF_8));
    assertTrue(backend.stat("u/plain").isEmpty(), "an unchanged object is deleted");
    assertEquals(List.of(), backend.deleteUnchanged(List.of(listed("u/kept"))));
    assertTrue(listAll(10).isEmpty());
  }

  @Test
  void escapingKeysAreRefusedPerObject() {
    if (!refusesEscapingKeys()) {
      return;
    }
    List<String> bad =
        List.of(
            "../outside",
            "a/../../outside",
            "/etc/abs",
            "a//b",
            "a/./b",
            "trailing/",
            "nul\0byte",
            "",
            "x".repeat(256));
    for (String key : bad) {
      byte[] bytes = {1};
      StorageException e =
          assertThrows(
              PermanentStorageException.class,
              () -> backend.put(key, new ByteArrayInputStream(bytes), 1, ObjectMetadata.EMPTY),
              () -> "key " + key);
      assertTrue(e.getMessage().contains("invalid key"), e.getMessage());
    }
    put("fine", "ok");
    assertEquals(List.of("fine"), listAll(10));
    List<DeleteFailure> failures = backend.delete(List.of("../outside", "fine"));
    assertEquals(1, failures.size());
    assertEquals("../outside", failures.get(0).key());
    assertTrue(listAll(10).isEmpty());
  }

  @Test
  void describeNamesTheLocation() {
    assertNotNull(backend.describe());
    assertFalse(backend.describe().isBlank());
    assertNull(backend.list(null, null, 1).lastKey());
  }

  /** Compares keys by their UTF-8 bytes, the order every backend lists in. */
  protected static int compareUtf8(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    return java.util.Arrays.compareUnsigned(x, y);
  }
}
