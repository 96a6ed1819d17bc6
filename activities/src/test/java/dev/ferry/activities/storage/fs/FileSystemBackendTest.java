package dev.ferry.activities.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.ContentHeaders;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageBackendContract;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.testing.RawNamedFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBackendTest extends StorageBackendContract {
  @TempDir Path dir;

  private Path root;

  @Override
  protected StorageBackend newBackend() throws IOException {
    root = Files.createDirectories(dir.resolve("root"));
    return FileSystemBackend.create(root);
  }

  @Override
  protected boolean refusesEscapingKeys() {
    return true;
  }

  @Override
  protected boolean keepsMetadata() {
    // Extended attributes are optional: the temp directory's filesystem decides.
    Path probe = dir.resolve("probe");
    try {
      Files.writeString(probe, "x");
      var view =
          Files.getFileAttributeView(
              probe, java.nio.file.attribute.UserDefinedFileAttributeView.class);
      view.write("ferry.probe", java.nio.ByteBuffer.wrap(new byte[] {1}));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Test
  void aPrunedListingNeverEntersTheDirectoriesItLeavesOut() throws IOException {
    FileSystemBackend files = (FileSystemBackend) newBackend();
    for (String key : List.of("a/cache/x", "a/y", "cache/z", "d/e/cache/f", "top")) {
      Files.createDirectories(root.resolve(key).getParent());
      Files.writeString(root.resolve(key), key);
    }
    Predicate<String> enters = directory -> !directory.endsWith("cache/");
    List<String> keys = new ArrayList<>();
    String after = null;
    ListPage page;
    do { // two keys a page: each page's walk starts again after the last key
      page = files.list(after, null, 2, enters);
      page.objects().forEach(o -> keys.add(o.key()));
      after = keys.isEmpty() ? null : keys.get(keys.size() - 1);
    } while (page.truncated());
    assertEquals(List.of("a/y", "top"), keys);
  }

  @Test
  void aWriteTheSystemDoesNotPermitIsPermanentAndSaysSo() {
    // sysfs refuses new files with EPERM, for root too: no retry can change that.
    Path sys = Path.of("/sys/ferry-test-" + ProcessHandle.current().pid());
    assumeTrue(refusedWithEperm(sys), "no /sys that refuses new files with EPERM here");
    try (StorageBackend backend = FileSystemBackend.create(sys)) {
      PermanentStorageException e =
          assertThrows(
              PermanentStorageException.class,
              () -> backend.put("a", new ByteArrayInputStream(new byte[1]), 1, null));
      assertTrue(e.getMessage().contains("operation not permitted on '" + sys), e.getMessage());
    }
  }

  private static boolean refusedWithEperm(Path path) {
    try {
      Files.createDirectory(path);
      Files.delete(path);
      return false;
    } catch (IOException e) {
      return String.valueOf(e.getMessage()).contains("Operation not permitted");
    }
  }

  @Test
  void escapingKeysWriteNothingOutsideTheRoot() throws IOException {
    assertThrows(PermanentStorageException.class, () -> put("../escaped", "x"));
    assertFalse(Files.exists(dir.resolve("escaped")));
  }

  @Test
  void aKeyThatIsBothAFileAndADirectoryIsRefusedWithTheReason() throws IOException {
    put("conflict/a", "file");
    PermanentStorageException under =
        assertThrows(PermanentStorageException.class, () -> put("conflict/a/b", "under a file"));
    assertEquals(
        "write conflict/a/b: 'conflict/a' is a file at the destination", under.getMessage());

    put("other/a/b", "in a directory");
    PermanentStorageException over =
        assertThrows(PermanentStorageException.class, () -> put("other/a", "over a directory"));
    assertEquals("write other/a: 'other/a' is a directory at the destination", over.getMessage());

    assertEquals(List.of("conflict/a", "other/a/b"), listAll(10));
    assertEquals(List.of(), strayFiles(dir));
  }

  @Test
  void refusalsNameTheProblemNeverAnExceptionClass() {
    Map<String, String> expected =
        Map.of(
            "../up",
            "'..' segment would point outside",
            "a/./b",
            "a '.' segment names the directory it is in",
            "/abs",
            "absolute path",
            "a//b",
            "empty path segment",
            "nul\0x",
            "NUL",
            "long/" + "é".repeat(150),
            "a path segment is 300 bytes long (UTF-8); a file name may"
                + " have at most 255 bytes");
    expected.forEach(
        (key, words) -> {
          PermanentStorageException e =
              assertThrows(PermanentStorageException.class, () -> put(key, "x"), key);
          assertTrue(e.getMessage().contains(words), e.getMessage());
          assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        });
    assertEquals(List.of(), strayFiles(dir));
  }

  @Test
  void aFailedWriteLeavesNoTemporaryFile() {
    byte[] bytes = {1, 2, 3};
    assertThrows(
        ChecksumMismatchException.class,
        () -> backend.put("short", new ByteArrayInputStream(bytes), 4, ObjectMetadata.EMPTY));
    assertThrows(
        ChecksumMismatchException.class,
        () ->
            backend.put(
                "wrong-md5",
                new ByteArrayInputStream(bytes),
                3,
                new ObjectMetadata(null, Map.of(), null, "00000000000000000000000000000000")));
    InputStream failing =
        new InputStream() {
          private int left = 100_000;

          @Override
          public int read() throws IOException {
            if (--left < 0) {
              throw new IOException("the source went away");
            }
            return 7;
          }
        };
    assertThrows(
        StorageException.class, () -> backend.put("dir/broken", failing, -1, ObjectMetadata.EMPTY));
    assertEquals(List.of(), strayFiles(dir));
    assertEquals(List.of(), listAll(10));
  }

  @Test
  void noDirectoryIsCreatedThroughASymlink() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(root.resolve("link-dir"), outside);
    assertThrows(PermanentStorageException.class, () -> put("link-dir/sub/new.txt", "x"));
    try (var entries = Files.list(outside)) {
      assertEquals(List.of(), entries.toList());
    }
  }

  @Test
  void aNameThatIsNotUtf8IsListedEscapedAndRefusedByName() throws Exception {
    put("a.txt", "a");
    put("z/ok.txt", "z");
    RawNamedFiles.create(root, "bad\\xff.txt", "raw bytes");
    RawNamedFiles.create(root, "dir\\xfe\\xc3(", null);
    RawNamedFiles.create(root.resolve("z"), "caf\\xe9", "latin-1");

    List<ObjectInfo> listed = backend.list(null, null, 100).objects();
    assertEquals(
        List.of("a.txt", "bad\\xff.txt", "dir\\xfe\\xc3(", "z/caf\\xe9", "z/ok.txt"),
        listed.stream().map(ObjectInfo::key).toList());
    assertEquals(9, listed.get(1).size());
    for (ObjectInfo info : List.of(listed.get(1), listed.get(3))) {
      PermanentStorageException e =
          assertThrows(PermanentStorageException.class, () -> backend.metadataOf(info));
      assertTrue(
          e.getMessage().startsWith("read " + info.key() + ": the file name is not valid UTF-8"),
          e.getMessage());
    }
    PermanentStorageException e =
        assertThrows(PermanentStorageException.class, () -> backend.metadataOf(listed.get(2)));
    assertTrue(e.getMessage().contains("directory name is not valid UTF-8"), e.getMessage());
    // Paging resumes after an escaped name like after any other key.
    assertEquals(listAll(100), listAll(1));
  }

  /** Regular files under {@code top} that are not objects of the root: temporary or outside. */
  static List<Path> strayFiles(Path top) {
    try (var files = Files.walk(top)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              p ->
                  !p.startsWith(top.resolve("root"))
                      || p.getFileName().toString().startsWith(KeyPaths.TEMP_PREFIX))
          .filter(p -> !p.getFileName().toString().equals("probe"))
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void symlinksAreNeitherListedNorFollowed() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "outside");
    Files.createSymbolicLink(root.resolve("link-dir"), outside);
    Files.createSymbolicLink(root.resolve("link-file"), outside.resolve("secret.txt"));
    put("real", "r");
    assertEquals(List.of("real"), listAll(10));
    assertTrue(backend.stat("link-file").isEmpty());
    assertThrows(PermanentStorageException.class, () -> backend.stat("link-dir/secret.txt"));
    assertThrows(PermanentStorageException.class, () -> put("link-dir/new.txt", "x"));
    assertFalse(Files.exists(outside.resolve("new.txt")));
    backend.delete(List.of("link-dir/secret.txt"));
    assertTrue(Files.exists(outside.resolve("secret.txt")));
  }

  @Test
  void modificationTimeIsKept() {
    Instant mtime = Instant.parse("2021-03-04T05:06:07.123Z");
    byte[] bytes = {1, 2, 3};
    ObjectInfo info =
        backend.put(
            "m", new ByteArrayInputStream(bytes), 3, new ObjectMetadata(null, Map.of(), mtime));
    assertEquals(mtime, info.lastModified());
    assertEquals(mtime, backend.stat("m").orElseThrow().lastModified());
  }

  @Test
  void metadataValuesLongerThanACommonOneRoundTrip() {
    String longValue = "v".repeat(2_000) + "é"; // an ext4 file keeps 4 KiB of attributes in all
    ObjectMetadata meta = new ObjectMetadata("text/plain", Map.of("long", longValue, "short", "s"));
    backend.put("long-meta", new ByteArrayInputStream(new byte[] {1}), 1, meta);

    ObjectInfo info = backend.stat("long-meta").orElseThrow();
    assertEquals(Map.of("long", longValue, "short", "s"), info.userMetadata());
    assertEquals("text/plain", info.contentType());
  }

  /**
   * One attribute holds all of a file's metadata (each attribute costs Java an open of the file); a
   * file an older ferry wrote, with one attribute per value, reads the same.
   */
  @Test
  void metadataIsOneAttributeAndFilesWithOneAttributePerValueReadAlike() throws IOException {
    assumeTrue(keepsMetadata(), "no extended attributes on this filesystem");
    ContentHeaders headers = new ContentHeaders("gzip", null, "max-age=60", "de");
    ObjectMetadata meta =
        new ObjectMetadata("text/csv", Map.of("Owner", "ops", "n", "1"), null, null, headers);
    ObjectInfo written = backend.put("one", new ByteArrayInputStream(new byte[] {7}), 1, meta);
    assertEquals(List.of("ferry"), attributes(root.resolve("one")).list());

    Path old = Files.write(root.resolve("old"), new byte[] {7});
    long mtimeNanos = Files.getLastModifiedTime(old).to(TimeUnit.NANOSECONDS);
    UserDefinedFileAttributeView view = attributes(old);
    Map<String, String> legacy =
        Map.of(
            "ferry.content-type", "text/csv",
            "ferry.header.content-encoding", "gzip",
            "ferry.header.cache-control", "max-age=60",
            "ferry.header.content-language", "de",
            "ferry.meta.Owner", "ops",
            "ferry.meta.n", "1",
            "ferry.md5", written.checksum() + " 1 " + mtimeNanos);
    for (Map.Entry<String, String> e : legacy.entrySet()) {
      view.write(e.getKey(), StandardCharsets.UTF_8.encode(e.getValue()));
    }

    // Another program's value there is not ferry's metadata, whatever it holds.
    Path foreign = Files.write(root.resolve("foreign"), new byte[] {7});
    for (String value : List.of("null", "[1]", "{\"md5\": 5}", "not json")) {
      attributes(foreign).write("ferry", StandardCharsets.UTF_8.encode(value));
      ObjectInfo info = backend.stat("foreign").orElseThrow();
      assertNull(info.checksum(), value);
      assertEquals(Map.of(), info.userMetadata(), value);
    }

    for (String key : List.of("one", "old")) {
      ObjectInfo info = backend.stat(key).orElseThrow();
      assertEquals("text/csv", info.contentType(), key);
      assertEquals(Map.of("Owner", "ops", "n", "1"), info.userMetadata(), key);
      assertEquals(headers, info.headers(), key);
      assertEquals(written.checksum(), info.checksum(), key);
    }
  }

  /**
   * Metadata the filesystem cannot keep beside the file refuses the object, naming why, and writes
   * nothing: it was once dropped without a word, with the MD5 tag. 70,000 bytes is over the 64 KiB
   * Linux allows any attribute; 6,000 is over ext4's 4 KiB per file, and fits others whole.
   */
  @Test
  void metadataTheFilesystemCannotKeepRefusesTheObjectAndWritesNothing() throws IOException {
    assumeTrue(keepsMetadata(), "no extended attributes on this filesystem");
    PermanentStorageException refused =
        assertThrows(PermanentStorageException.class, () -> putWithMetadataOf("huge", 70_000));
    assertTrue(
        refused.getMessage().startsWith("write huge: its metadata (70")
            && refused.getMessage().contains("more than this filesystem keeps beside a file"),
        refused.getMessage());
    assertFalse(Files.exists(root.resolve("huge")));

    String value = "v".repeat(6_000);
    try {
      putWithMetadataOf("large", 6_000);
      assertEquals(Map.of("big", value), backend.stat("large").orElseThrow().userMetadata());
    } catch (PermanentStorageException e) {
      assertFalse(Files.exists(root.resolve("large")));
    }
    assertEquals(List.of(), strayFiles(dir));
  }

  private void putWithMetadataOf(String key, int bytes) {
    ObjectMetadata meta = new ObjectMetadata("text/plain", Map.of("big", "v".repeat(bytes)));
    backend.put(key, new ByteArrayInputStream(new byte[] {1}), 1, meta);
  }

  private static UserDefinedFileAttributeView attributes(Path file) {
    return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
  }

  @Test
  void anMtimeInTheMetadataSetsTheFileTimeToTheNanosecond() throws IOException {
    Instant mtime = Instant.parse("2001-02-03T04:05:06.123456789Z");
    Instant uploaded = Instant.parse("2024-01-01T00:00:00Z");
    byte[] bytes = {1, 2, 3};
    backend.put(
        "m",
        new ByteArrayInputStream(bytes),
        3,
        new ObjectMetadata(null, Map.of("mtime", "981173106.123456789"), uploaded));
    assertEquals(mtime, Files.getLastModifiedTime(root.resolve("m")).toInstant());
    backend.put(
        "unreadable",
        new ByteArrayInputStream(bytes),
        3,
        new ObjectMetadata(null, Map.of("mtime", "yesterday"), uploaded));
    assertEquals(uploaded, Files.getLastModifiedTime(root.resolve("unreadable")).toInstant());
  }

  @Test
  void aCopyCarriesTheFileMtimeAsRcloneMetadata() throws IOException {
    Path file = Files.writeString(root.resolve("f"), "abc");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2001-02-03T04:05:06.5Z")));
    ObjectInfo listed = backend.list(null, null, 10).objects().get(0);
    assertEquals("981173106.5", backend.metadataOf(listed).userMetadata().get("mtime"));
  }

  @Test
  void aPlainFileCarriesTheContentTypeItsExtensionNames() throws IOException {
    Files.writeString(root.resolve("index.html"), "<p>");
    Files.writeString(root.resolve("notes"), "no extension");
    List<ObjectInfo> listed = backend.list(null, null, 10).objects();
    assertEquals("text/html", backend.metadataOf(listed.get(0)).contentType());
    assertEquals(null, backend.metadataOf(listed.get(1)).contentType());
    if (keepsMetadata()) { // a type the file keeps wins over its name
      backend.put(
          "page.html",
          new ByteArrayInputStream(new byte[] {1}),
          1,
          new ObjectMetadata("application/x-kept", Map.of()));
      ObjectInfo kept = backend.stat("page.html").orElseThrow();
      assertEquals("application/x-kept", backend.metadataOf(kept).contentType());
    }
  }

  @Test
  void aCarriedMtimeIsKeptWhileTheFileIsUnchanged() throws IOException {
    if (!keepsMetadata()) {
      return;
    }
    // As if copied from a store that kept a finer time than this file holds.
    backend.put(
        "c",
        new ByteArrayInputStream(new byte[] {1}),
        1,
        new ObjectMetadata(null, Map.of("mtime", "981173106.123456789")));
    assertEquals("981173106.123456789", carriedMtime("c", "2001-02-03T04:05:06Z"));
    assertEquals(
        "1009843200",
        carriedMtime("c", "2002-01-01T00:00:00Z"),
        "the file was changed since: its own time wins");
  }

  /** The {@code mtime} a copy of {@code key} carries once its file's mtime is {@code time}. */
  private String carriedMtime(String key, String time) throws IOException {
    Files.setLastModifiedTime(root.resolve(key), FileTime.from(Instant.parse(time)));
    ObjectInfo listed = backend.list(null, null, 10).objects().get(0);
    return backend.metadataOf(listed).userMetadata().get("mtime");
  }

  @Test
  void temporaryFilesAreNotObjects() throws IOException {
    Files.writeString(root.resolve(KeyPaths.TEMP_PREFIX + "123"), "partial");
    assertTrue(listAll(10).isEmpty());
  }

  @Test
  void checksumIsForgottenWhenTheFileChanges() throws IOException {
    put("c", "abc");
    if (!keepsMetadata()) {
      return;
    }
    assertEquals("900150983cd24fb0d6963f7d28e17f72", backend.stat("c").orElseThrow().checksum());
    Files.writeString(root.resolve("c"), "abd");
    Files.setLastModifiedTime(
        root.resolve("c"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    assertNull(backend.stat("c").orElseThrow().checksum());
  }

  @Test
  void missingRootListsNothingAndIsCreatedOnWrite() {
    StorageBackend fresh = FileSystemBackend.create(dir.resolve("not/yet"));
    assertTrue(fresh.list(null, null, 10).objects().isEmpty());
    fresh.put("x/y", new ByteArrayInputStream(new byte[] {1}), 1, ObjectMetadata.EMPTY);
    assertTrue(Files.exists(dir.resolve("not/yet/x/y")));
  }

  @Test
  void pagingThroughACachedDirectorySeesLaterChanges() throws IOException {
    for (int i = 0; i < 50; i++) {
      put(String.format("flat/f%03d", i), "x");
    }
    // Old enough to be cached: the cache skips directories changed in the last two seconds.
    FileTime past = FileTime.from(Instant.now().minusSeconds(60));
    Files.setLastModifiedTime(root.resolve("flat"), past);
    assertEquals(50, listAll(7).size());
    assertEquals(50, listAll(7).size());
    put("flat/f025a", "new");
    Files.delete(root.resolve("flat/f000"));
    List<String> keys = listAll(7);
    assertEquals(50, keys.size());
    assertTrue(keys.contains("flat/f025a"));
    assertFalse(keys.contains("flat/f000"));
  }

  @Test
  void pagingThroughADirectoryBeingWrittenReadsItAWindowAtATime() throws IOException {
    java.util.TreeSet<String> expected =
        new java.util.TreeSet<>(StorageBackendContract::compareUtf8);
    for (int i = 0; i < 2 * KeyOrderWalk.WINDOW + 500; i++) {
      String key = String.format("flat/f%05d", i);
      // Every 100th name is also a directory, sorting after its siblings f00100-x and f00100.txt.
      String[] names =
          i % 100 == 0 ? new String[] {key + "/in", key + "-x", key + ".txt"} : new String[] {key};
      for (String name : names) {
        Files.createDirectories(root.resolve(name).getParent());
        Files.writeString(root.resolve(name), "x");
        expected.add(name);
      }
    }
    // Changed "just now" for the whole test: the cache never serves it.
    Files.setLastModifiedTime(root.resolve("flat"), FileTime.from(Instant.now().plusSeconds(3600)));
    assertEquals(List.copyOf(expected), listAll(1000));
    assertEquals(List.copyOf(expected), listAll(4999));
  }

  @Test
  void rootMayBeASymlink() throws IOException {
    put("inside", "x");
    Path link = Files.createSymbolicLink(dir.resolve("root-link"), root);
    assertEquals(
        List.of("inside"),
        FileSystemBackend.create(link).list(null, null, 10).objects().stream()
            .map(ObjectInfo::key)
            .toList());
  }

  @Test
  void randomTreesListInByteOrderForEveryPageAndRange() {
    java.util.Random random = new java.util.Random(42);
    String alphabet = "a-./0~é";
    java.util.TreeSet<String> keys = new java.util.TreeSet<>(StorageBackendContract::compareUtf8);
    while (keys.size() < 300) {
      StringBuilder key = new StringBuilder();
      int length = 1 + random.nextInt(6);
      for (int i = 0; i < length; i++) {
        key.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String k = key.toString();
      boolean conflicts =
          KeyPaths.problem(k) != null
              || keys.stream().anyMatch(o -> o.startsWith(k + "/") || k.startsWith(o + "/"));
      if (!conflicts) {
        keys.add(k);
      }
    }
    for (String key : keys) {
      put(key, "x");
    }
    List<String> expected = List.copyOf(keys);
    for (int pageSize : new int[] {1, 7, 1000}) {
      assertEquals(expected, listAll(pageSize), "page size " + pageSize);
    }
    for (int i = 0; i < 50; i++) {
      int from = random.nextInt(expected.size());
      int to = from + random.nextInt(expected.size() - from);
      List<String> range =
          backend.list(expected.get(from), expected.get(to), 1000).objects().stream()
              .map(ObjectInfo::key)
              .toList();
      assertEquals(expected.subList(from + 1, to + 1), range, "range " + from + ".." + to);
    }
  }
}
