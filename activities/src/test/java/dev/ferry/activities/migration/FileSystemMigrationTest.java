package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.RawNamedFiles;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whole migrations into and out of real directory trees, on the time-skipping test server. */
@Timeout(120)
class FileSystemMigrationTest {
  @TempDir Path tmp;

  private MigrationTestEnv env;

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void keysAFilesystemCannotHoldFailOneByOneWithTheirReasons() {
    MemoryBackend source = env.backend("mem:src", new MemoryBackend("src"));
    Path root = tmp.resolve("out");
    env.backend("file:out", FileSystemBackend.create(root));
    env.start();
    String longSegment = "x".repeat(300);
    for (String key : List.of("conflict/a", "conflict/a/b", "long/" + longSegment, "ok/1")) {
      source.putBytes(key, key.getBytes(StandardCharsets.UTF_8));
    }

    MigrationReport report = env.run("fs-refusals", MigrationRequest.of("mem:src", "file:out"));

    MigrationProgress p = report.progress();
    assertEquals(MigrationState.COMPLETED, p.state());
    assertEquals(4, p.objectsTotal());
    assertEquals(2, p.objectsCopied());
    assertEquals(2, p.objectsFailed());
    Map<String, String> failures =
        env.stub("fs-refusals").failures(0, 10).failures().stream()
            .collect(Collectors.toMap(ObjectFailure::key, ObjectFailure::message));
    assertEquals(
        Map.of(
            "conflict/a/b",
            "write conflict/a/b: 'conflict/a' is a file at the destination",
            "long/" + longSegment,
            "invalid key 'long/"
                + longSegment.substring(0, 75)
                + "...': a path segment is 300 bytes long (UTF-8); a file name may have at most 255"
                + " bytes"),
        failures);
    assertArrayEquals("ok/1".getBytes(StandardCharsets.UTF_8), read(root.resolve("ok/1")));
    assertArrayEquals(
        "conflict/a".getBytes(StandardCharsets.UTF_8), read(root.resolve("conflict/a")));
    // Nothing but the two objects, under the root or beside it: no temporary file, no escape.
    assertEquals(List.of("out/conflict/a", "out/ok/1"), files(tmp));
  }

  /**
   * An object whose metadata no filesystem keeps beside a file (over Linux's 64 KiB for one
   * extended attribute) fails alone, named, with why; it was once written with its metadata and MD5
   * tag dropped, counted copied.
   */
  @Test
  void metadataTooLargeForTheFilesystemFailsItsObjectAlone() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("out"));
    assumeTrue(keepsExtendedAttributes(root), "no extended attributes on this filesystem");
    MemoryBackend source = env.backend("mem:src", new MemoryBackend("src"));
    env.backend("file:out", FileSystemBackend.create(root));
    env.start();
    source.putBytes("a", new byte[] {1});
    source.putBytes(
        "b", new byte[] {2}, new ObjectMetadata("text/plain", Map.of("note", "n".repeat(70_000))));
    source.putBytes("c", new byte[] {3});

    MigrationProgress p = env.run("fs-meta", MigrationRequest.of("mem:src", "file:out")).progress();

    assertEquals(2, p.objectsCopied(), p.toString());
    assertEquals(1, p.objectsFailed(), p.toString());
    ObjectFailure failure = env.stub("fs-meta").failures(0, 10).failures().get(0);
    assertEquals("b", failure.key());
    assertTrue(
        failure.message().startsWith("write b: its metadata (70")
            && failure
                .message()
                .endsWith(
                    " bytes) is more than this filesystem keeps beside a file (Argument list too"
                        + " long): nothing written; copy it into an object store, or exclude it"),
        failure.message());
    assertEquals(List.of("out/a", "out/c"), files(tmp));
  }

  private static boolean keepsExtendedAttributes(Path dir) throws IOException {
    Path probe = Files.writeString(dir.resolve(".probe"), "x");
    try {
      Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class)
          .write("ferry.probe", ByteBuffer.wrap(new byte[] {1}));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      Files.delete(probe);
    }
  }

  /**
   * A file rewritten after its copy with the same size and its mtime set back ({@code touch -r},
   * {@code cp -p}, {@code rsync -t}) is still a changed source: a move keeps it. Before, its ETag
   * was size and mtime only, so the move deleted the new bytes, which then existed nowhere.
   */
  @Test
  void aMoveKeepsAFileRewrittenWithItsSizeAndMtime() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (String name : List.of("a", "b", "c")) {
      Files.writeString(in.resolve(name), "old " + name);
    }
    env.backend("file:in", FileSystemBackend.create(in));
    MemoryBackend destination = new MemoryBackend("dst");
    env.backend(
        "mem:dst",
        new ForwardingBackend(destination, "dst") {
          @Override
          public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata meta) {
            ObjectInfo written = super.put(key, data, size, meta);
            if (key.equals("b")) { // copied: now rewrite the source as touch -r would leave it
              rewriteKeepingSizeAndMtime(in.resolve("b"), "new b");
            }
            return written;
          }
        });
    env.start();
    MigrationRequest copy = MigrationRequest.of("file:in", "mem:dst");
    MigrationRequest move =
        new MigrationRequest(
            copy.source(),
            copy.destination(),
            Mode.MOVE,
            copy.maxConcurrency(),
            copy.verification(),
            copy.maxRetries(),
            copy.initialRetryInterval(),
            copy.include(),
            copy.exclude(),
            copy.ifExists(),
            false,
            copy.batchMaxObjects(),
            copy.batchMaxBytes(),
            false);

    MigrationProgress p = env.run("fs-touch-r", move).progress();

    assertEquals(2, p.objectsDeleted(), p.toString());
    assertEquals(List.of("b"), files(in));
    assertEquals("new b", Files.readString(in.resolve("b")));
    ObjectFailure kept = env.stub("fs-touch-r").failures(0, 10).failures().get(0);
    assertEquals(FerryFailures.REASON_SOURCE_CHANGED, kept.reason());
  }

  private static void rewriteKeepingSizeAndMtime(Path file, String content) {
    try {
      FileTime mtime = Files.getLastModifiedTime(file);
      Files.writeString(file, content);
      Files.setLastModifiedTime(file, mtime);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aSourceFileNameThatIsNotUtf8FailsByItsEscapedName() throws Exception {
    MemoryBackend destination = goodAndBadNamesInto();

    MigrationReport report = env.run("fs-raw-name", MigrationRequest.of("file:in", "mem:dst"));

    MigrationProgress p = report.progress();
    assertEquals(2, p.objectsTotal(), "the bad name is counted, not dropped");
    assertEquals(1, p.objectsCopied());
    assertEquals(1, p.objectsFailed());
    ObjectFailure f = env.stub("fs-raw-name").failures(0, 10).failures().get(0);
    assertEquals("bad\\xff.txt", f.key());
    assertTrue(
        f.message().startsWith("read bad\\xff.txt: the file name is not valid UTF-8"), f.message());
    assertEquals(List.of("good.txt"), destination.keys());
  }

  /** A source file:in of good.txt and a name that is not UTF-8; the destination mem:dst. */
  private MemoryBackend goodAndBadNamesInto() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("good.txt"), "good");
    RawNamedFiles.create(in, "bad\\xff.txt", "bad");
    env.backend("file:in", FileSystemBackend.create(in));
    MemoryBackend destination = env.backend("mem:dst", new MemoryBackend("dst"));
    env.start();
    return destination;
  }

  @Test
  void aDryRunFailsTheNameThatIsNotUtf8AsTheRunWould() throws Exception {
    MemoryBackend destination = goodAndBadNamesInto();
    MigrationRequest defaults = MigrationRequest.of("file:in", "mem:dst");
    MigrationRequest dryRun =
        new MigrationRequest(
            defaults.source(),
            defaults.destination(),
            defaults.mode(),
            defaults.maxConcurrency(),
            defaults.verification(),
            defaults.maxRetries(),
            defaults.initialRetryInterval(),
            defaults.include(),
            defaults.exclude(),
            defaults.ifExists(),
            true,
            defaults.batchMaxObjects(),
            defaults.batchMaxBytes(),
            false);

    MigrationProgress p = env.run("fs-raw-name-dry", dryRun).progress();

    assertEquals(1, p.objectsCopied(), "would copy only the good name");
    assertEquals(1, p.objectsFailed());
    assertEquals(List.of(), destination.keys());
  }

  @Test
  void modificationTimesTravelThroughAnObjectStoreAndBack() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path back = tmp.resolve("back");
    Instant fine = Instant.parse("2001-02-03T04:05:06.123456789Z");
    Instant whole = Instant.parse("2001-02-03T00:00:00Z");
    setTime(Files.writeString(in.resolve("a.txt"), "alpha"), fine);
    setTime(Files.write(Files.createDirectories(in.resolve("d")).resolve("b.bin"), BYTES), whole);
    env.backend("file:in", FileSystemBackend.create(in));
    // Like S3: keeps user metadata, sets its own LastModified.
    MemoryBackend store = env.backend("mem:store", new MemoryBackend("store"));
    env.backend("file:back", FileSystemBackend.create(back));
    env.start();

    assertEquals(2, run("up-1", "file:in", "mem:store").objectsCopied());
    assertEquals("981173106.123456789", store.storedMetadata("a.txt").userMetadata().get("mtime"));
    assertEquals("981158400", store.storedMetadata("d/b.bin").userMetadata().get("mtime"));
    assertEquals(2, run("down-1", "mem:store", "file:back").objectsCopied());
    assertEquals(fine, time(back.resolve("a.txt")));
    assertEquals(whole, time(back.resolve("d/b.bin")));
    assertArrayEquals(read(in.resolve("a.txt")), read(back.resolve("a.txt")));
    assertArrayEquals(BYTES, read(back.resolve("d/b.bin")));

    // Re-runs copy nothing either way.
    assertEquals(2, run("up-2", "file:in", "mem:store").objectsSkipped());
    assertEquals(2, run("down-2", "mem:store", "file:back").objectsSkipped());

    // Same size, new mtime: copied, whether the bytes changed or only the time.
    Instant later = Instant.parse("2001-02-04T00:00:00Z");
    setTime(Files.writeString(in.resolve("a.txt"), "ALPHA"), later);
    setTime(in.resolve("d/b.bin"), later);
    MigrationProgress up = run("up-3", "file:in", "mem:store");
    assertEquals(2, up.objectsCopied());
    assertEquals(0, up.objectsSkipped());
    assertEquals(2, run("down-3", "mem:store", "file:back").objectsCopied());
    assertEquals("ALPHA", Files.readString(back.resolve("a.txt")));
    assertEquals(later, time(back.resolve("a.txt")));
    assertEquals(later, time(back.resolve("d/b.bin")));
  }

  private static final byte[] BYTES = {0, 1, 2, (byte) 0xff};

  private MigrationProgress run(String id, String from, String to) {
    MigrationProgress p = env.run(id, MigrationRequest.of(from, to)).progress();
    assertEquals(MigrationState.COMPLETED, p.state(), id);
    assertEquals(0, p.objectsFailed(), id);
    return p;
  }

  static void setTime(Path file, Instant time) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(time));
  }

  static Instant time(Path file) throws IOException {
    return Files.getLastModifiedTime(file).toInstant();
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every regular file under {@code top}, relative to it, in order. */
  static List<String> files(Path top) {
    try (Stream<Path> walk = Files.walk(top)) {
      return walk.filter(Files::isRegularFile)
          .map(f -> top.relativize(f).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
