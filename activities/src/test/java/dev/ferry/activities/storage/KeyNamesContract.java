package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite plus keys that stores tend to mangle: URL-special characters, quotes and
 * control characters, Unicode normalization forms, long keys and empty path segments. Each key is
 * put, listed, statted, read and deleted alone. Where a backend cannot hold a kind of key, its
 * capability method says so, and the test then checks that the key still does not round-trip, so a
 * store that gets fixed shows up as a failure to update the capability for.
 */
public abstract class KeyNamesContract extends StorageBackendContract {

  /** How many bytes the backend puts before each key in the store (a bucket prefix). */
  protected int prefixBytes() {
    return 0;
  }

  /** The longest key the store holds, in UTF-8 bytes, prefix included. */
  protected int maxKeyBytes() {
    return 1024;
  }

  /** Whether a key with one path segment over 255 bytes (a file name's limit) is held. */
  protected boolean holdsLongSegments() {
    return true;
  }

  /** Whether keys with a newline are held (tabs are expected everywhere). */
  protected boolean holdsNewlines() {
    return true;
  }

  /** Whether a key ending in {@code /} (a directory marker) is an object like any other. */
  protected boolean holdsDirectoryMarkers() {
    return true;
  }

  /** Whether a key with a backslash is kept as it is, not turned into a {@code /}. */
  protected boolean keepsBackslashes() {
    return true;
  }

  /** Whether empty path segments ({@code a//b}, a leading {@code /}) are kept as they are. */
  protected boolean keepsEmptySegments() {
    return true;
  }

  /** Whether NFC and NFD forms of one name are two objects. */
  protected boolean keepsNormalizationForms() {
    return true;
  }

  /**
   * Puts {@code bytes} under {@code key} in an empty backend, then checks that the listing, stat
   * and read give exactly that key and those bytes back, and that delete removes it.
   */
  protected void roundTrip(String key, byte[] bytes) {
    assertEquals(List.of(), listAll(1000), "the backend starts empty");
    ObjectInfo written =
        backend.put(key, new ByteArrayInputStream(bytes), bytes.length, ObjectMetadata.EMPTY);
    assertEquals(bytes.length, written.size(), "size written for " + escape(key));
    assertEquals(List.of(key), listAll(1000), "listed for " + escape(key));
    ObjectInfo stat =
        backend.stat(key).orElseThrow(() -> new AssertionError("no stat: " + escape(key)));
    assertEquals(key, stat.key());
    assertEquals(bytes.length, stat.size());
    assertArrayEquals(bytes, read(key), "bytes read for " + escape(key));
    assertEquals(List.of(), backend.delete(List.of(key)));
    assertEquals(List.of(), listAll(1000), "listed after deleting " + escape(key));
    assertTrue(backend.stat(key).isEmpty(), "stat after deleting " + escape(key));
  }

  /**
   * {@link #roundTrip} when the backend {@code holds} such keys; otherwise checks that it still
   * fails (an error or a wrong answer), so the capability is revisited once the store is fixed.
   */
  protected void roundTripUnless(boolean holds, String key, byte[] bytes) {
    checkUnless(holds, escape(key), () -> roundTrip(key, bytes));
  }

  /** Runs {@code check}; when the backend cannot do {@code what}, expects it to fail instead. */
  protected static void checkUnless(boolean can, String what, Runnable check) {
    if (can) {
      check.run();
      return;
    }
    try {
      check.run();
    } catch (AssertionError | RuntimeException expected) {
      return;
    }
    fail(
        "the backend now handles "
            + what
            + ", which its capability methods say it cannot: update them and docs/s3-deviations.md");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code key} with control characters shown, for messages. */
  protected static String escape(String key) {
    String shown = key.length() > 80 ? key.substring(0, 80) + "..." : key;
    return "'" + shown.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + "'";
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "per%cent",
        "percent%2Fslash",
        "plus+sign",
        "question?mark",
        "hash#tag",
        "amp&ersand",
        "equals=sign",
        "with space",
        " leading and trailing space ",
        "double\"quote",
        "single'quote",
        "d/all%+?#&= '\"/x"
      })
  void urlSpecialCharactersAndQuotes(String key) {
    roundTrip(key, utf8(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tab\tkey", "new\nline", "d\t/x\n"})
  void tabAndNewline(String key) {
    roundTripUnless(holdsNewlines() || !key.contains("\n"), key, utf8(key));
  }

  /**
   * A delete that holds to the listed object tells bytes of one size apart by the ETag, where a
   * modification time may not: S3 and Azure by {@code If-Match}, GCS by asking again first.
   */
  @Test
  void deleteUnchangedKeepsAnObjectRewrittenWithTheSameSize() {
    put("same/size", "AAAA");
    ObjectInfo stale = listed("same/size");
    put("same/size", "BBBB");
    assertEquals(
        List.of(DeleteFailure.changed("same/size")), backend.deleteUnchanged(List.of(stale)));
    assertEquals("BBBB", new String(read("same/size"), StandardCharsets.UTF_8));
    assertEquals(List.of(), backend.deleteUnchanged(List.of(listed("same/size"))));
    assertTrue(backend.stat("same/size").isEmpty());
  }

  @Test
  void carriageReturn() {
    roundTrip("carriage\rreturn", utf8("cr"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"日本語/ファイル.txt", "中文/文件", "한국어", "emoji-😀/🚀.bin", "👨‍👩‍👧"})
  void cjkAndEmoji(String key) {
    roundTrip(key, utf8(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"caf\u00e9", "d\u00e9j\u00e0/vu", "\u00c5ngstr\u00f6m"})
  void nfcAndNfdFormsAreTwoObjects(String name) {
    String nfc = Normalizer.normalize(name, Normalizer.Form.NFC);
    String nfd = Normalizer.normalize(name, Normalizer.Form.NFD);
    assertNotEquals(nfc, nfd);
    checkUnless(
        keepsNormalizationForms(),
        "NFC and NFD forms of " + name + " side by side",
        () -> {
          put(nfc, "nfc");
          put(nfd, "nfd");
          List<String> both = new ArrayList<>(List.of(nfc, nfd));
          both.sort(StorageBackendContract::compareUtf8);
          assertEquals(both, listAll(1000));
          for (String key : both) {
            assertEquals(key, backend.stat(key).orElseThrow().key());
          }
          assertEquals("nfc", new String(read(nfc), StandardCharsets.UTF_8));
          assertEquals("nfd", new String(read(nfd), StandardCharsets.UTF_8));
          assertEquals(List.of(), backend.delete(List.of(nfc)));
          assertEquals(List.of(nfd), listAll(1000));
          assertEquals("nfd", new String(read(nfd), StandardCharsets.UTF_8));
          assertEquals(List.of(), backend.delete(List.of(nfd)));
          assertEquals(List.of(), listAll(1000));
        });
  }

  /** A key of the longest length the store holds, in segments no longer than a file name. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void longestKeyInShortSegments(int charBytes) {
    String key = keyOfBytes(maxKeyBytes() - prefixBytes(), charBytes, 200);
    roundTrip(key, utf8("long"));
  }

  /** A long key in one segment: longer than a file name may be. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void longestKeyInOneSegment(int charBytes) {
    String key = keyOfBytes(maxKeyBytes() - prefixBytes(), charBytes, Integer.MAX_VALUE);
    roundTripUnless(holdsLongSegments(), key, utf8("long"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"marker/", "d/sub/marker/"})
  void directoryMarkerObject(String key) {
    roundTripUnless(holdsDirectoryMarkers(), key, new byte[0]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"back\\slash", "d\\e/f", "trailing\\"})
  void backslash(String key) {
    roundTripUnless(keepsBackslashes(), key, utf8(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a//b", "d///x", "/leading", "//two-leading"})
  void emptyPathSegments(String key) {
    roundTripUnless(keepsEmptySegments(), key, utf8(key));
  }

  /**
   * A key of exactly {@code bytes} UTF-8 bytes of characters {@code charBytes} long each (ASCII,
   * Latin, CJK), with a {@code /} wherever a segment would pass {@code maxSegment} bytes.
   */
  protected static String keyOfBytes(int bytes, int charBytes, int maxSegment) {
    String unit = charBytes == 1 ? "k" : charBytes == 2 ? "é" : "語";
    StringBuilder key = new StringBuilder();
    int total = 0;
    int segment = 0;
    while (total < bytes) {
      int left = bytes - total;
      if (segment + charBytes > maxSegment && left > 1) {
        key.append('/');
        total++;
        segment = 0;
      } else if (left >= charBytes) {
        key.append(unit);
        total += charBytes;
        segment += charBytes;
      } else {
        key.append('x');
        total++;
        segment++;
      }
    }
    assertEquals(bytes, utf8(key.toString()).length);
    return key.toString();
  }
}
