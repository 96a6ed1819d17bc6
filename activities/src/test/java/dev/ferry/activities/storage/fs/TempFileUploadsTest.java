package dev.ferry.activities.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.IncompleteUpload;
import dev.ferry.activities.storage.PermanentStorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A filesystem's incomplete uploads are the temporary files killed writers left under the root. */
class TempFileUploadsTest {
  @TempDir Path dir;

  private Path root;
  private Path outside;
  private FileSystemBackend backend;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(dir.resolve("root"));
    outside = Files.createDirectories(dir.resolve("outside"));
    backend = FileSystemBackend.create(root);
  }

  private static Path write(Path path, int size, Instant mtime) throws IOException {
    Files.createDirectories(path.getParent());
    Files.write(path, new byte[size]);
    Files.setLastModifiedTime(path, FileTime.from(mtime));
    return path;
  }

  @Test
  void leftoverTemporaryFilesAreListedOldestFirstAndAbortedOneByOne() throws IOException {
    Instant old = Instant.parse("2026-01-02T03:04:05Z");
    Instant newer = Instant.parse("2026-02-01T00:00:00Z");
    Path nested = write(root.resolve("a/b/.ferry-tmp-1111"), 700, newer);
    Path top = write(root.resolve(".ferry-tmp-2222"), 5, old);
    Path object = write(root.resolve("a/b/c.txt"), 3, old);

    assertEquals(
        List.of(
            new IncompleteUpload(".ferry-tmp-2222", ".ferry-tmp-2222", old, 5),
            new IncompleteUpload("a/b/.ferry-tmp-1111", ".ferry-tmp-1111", newer, 700)),
        backend.incompleteUploads());
    assertEquals(List.of("a/b/c.txt"), keys());

    IncompleteUpload first = backend.incompleteUploads().get(1);
    backend.abort(first);
    assertFalse(Files.exists(nested));
    assertTrue(Files.exists(top));
    assertTrue(Files.exists(object), "the object beside it stays");
    backend.abort(first); // already gone: counts as aborted
    assertEquals(1, backend.incompleteUploads().size());
  }

  /**
   * A temporary file a live writer holds (the lock it keeps while writing) is not deleted: this
   * process's writer, and another process's (a POSIX record lock, as the JDK takes).
   */
  @Test
  void aFileItsWriterHoldsIsNotAborted() throws Exception {
    Path held = write(root.resolve(".ferry-tmp-3333"), 9, Instant.now());
    IncompleteUpload upload = backend.incompleteUploads().get(0);
    try (FileChannel writer = FileChannel.open(held, StandardOpenOption.WRITE)) {
      FileLock lock = writer.lock();
      PermanentStorageException e =
          assertThrows(PermanentStorageException.class, () -> backend.abort(upload));
      assertTrue(
          e.getMessage().endsWith("is being written (its writer holds it); nothing deleted"));
      lock.release();
    }
    Process other =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl,sys,time; f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX);"
                    + " print('locked', flush=True); time.sleep(60)",
                held.toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertEquals(
          "locked", new String(other.getInputStream().readNBytes(6), StandardCharsets.US_ASCII));
      assertThrows(PermanentStorageException.class, () -> backend.abort(upload));
      assertTrue(Files.exists(held));
    } finally {
      other.destroyForcibly().waitFor();
    }
    backend.abort(upload); // its writer gone: deleted
    assertFalse(Files.exists(held));
  }

  @Test
  void symlinksAreNeitherListedNorFollowedNorDeletedThrough() throws IOException {
    Path secret = write(outside.resolve(".ferry-tmp-secret"), 4, Instant.now());
    Files.createSymbolicLink(root.resolve("link-dir"), outside);
    Files.createSymbolicLink(root.resolve(".ferry-tmp-link"), secret);

    assertEquals(List.of(), backend.incompleteUploads());
    IncompleteUpload through =
        new IncompleteUpload("link-dir/.ferry-tmp-secret", ".ferry-tmp-secret", Instant.now(), 4);
    assertThrows(PermanentStorageException.class, () -> backend.abort(through));
    backend.abort(new IncompleteUpload(".ferry-tmp-link", ".ferry-tmp-link", Instant.now(), 0));
    assertTrue(Files.exists(secret), "nothing outside the root is deleted");
    assertTrue(Files.isSymbolicLink(root.resolve(".ferry-tmp-link")), "a link is no upload");
  }

  @Test
  void abortRefusesWhatIsNotATemporaryFileUnderTheRoot() throws IOException {
    Path object = write(root.resolve("a.txt"), 1, Instant.now());
    Path escaped = write(dir.resolve(".ferry-tmp-x"), 1, Instant.now());
    for (IncompleteUpload wrong :
        List.of(
            new IncompleteUpload("a.txt", "a.txt", Instant.now(), 1),
            new IncompleteUpload("../.ferry-tmp-x", ".ferry-tmp-x", Instant.now(), 1),
            new IncompleteUpload("/.ferry-tmp-x", ".ferry-tmp-x", Instant.now(), 1),
            new IncompleteUpload(".ferry-tmp-x", ".ferry-tmp-y", Instant.now(), 1))) {
      assertThrows(PermanentStorageException.class, () -> backend.abort(wrong), wrong.key());
    }
    assertTrue(Files.exists(object));
    assertTrue(Files.exists(escaped));
  }

  @Test
  void aRootThatDoesNotExistHoldsNone() {
    assertEquals(List.of(), FileSystemBackend.create(dir.resolve("nope")).incompleteUploads());
  }

  @Test
  void aRootReachedThroughASymlinkIsWalked() throws IOException {
    write(root.resolve("d/.ferry-tmp-3"), 2, Instant.now());
    Path link = Files.createSymbolicLink(dir.resolve("root-link"), root);
    FileSystemBackend linked = FileSystemBackend.create(link);
    List<IncompleteUpload> listed = linked.incompleteUploads();
    assertEquals(List.of("d/.ferry-tmp-3"), listed.stream().map(IncompleteUpload::key).toList());
    linked.abort(listed.get(0));
    assertFalse(Files.exists(root.resolve("d/.ferry-tmp-3")));
  }

  private List<String> keys() {
    return backend.list(null, null, 100).objects().stream().map(o -> o.key()).toList();
  }
}
