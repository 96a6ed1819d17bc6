package dev.ferry.activities.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.ResumableWrite.UploadProgress;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.testing.FailingStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file write that a crash interrupted is continued from its temporary file where that holds the
 * same bytes; one no attempt continues leaves no temporary file. The result is read back from disk.
 */
class FileSystemResumableWritesTest {
  private static final int SIZE = 1 << 20;
  private static final int FAIL_AT = 600 * 1024;

  /** What the interrupted write had stored: whole 64 KiB buffers before the failing read. */
  private static final int STORED = FAIL_AT / (64 * 1024) * (64 * 1024);

  @TempDir Path root;
  private FileSystemBackend backend;

  @BeforeEach
  void open() {
    backend = FileSystemBackend.create(root);
  }

  @Test
  void anInterruptedWriteIsContinuedFromItsTemporaryFile() throws IOException {
    byte[] data = random(1);
    interrupt("d/big", data);
    assertEquals(1, temporaryFiles(), "the interrupted write is kept for a retry");

    List<UploadProgress> seen = new ArrayList<>();
    backend.put("d/big", stream(data), SIZE, ObjectMetadata.EMPTY, retry(seen, null));

    assertArrayEquals(data, Files.readAllBytes(root.resolve("d/big")));
    assertEquals(STORED, last(seen).resumedBytes());
    assertEquals(0, temporaryFiles());
  }

  @Test
  void bytesThatDifferAreWrittenAnew() throws IOException {
    byte[] old = random(2);
    interrupt("changed", old);
    byte[] now = old.clone();
    now[200_000] ^= 1;

    List<UploadProgress> seen = new ArrayList<>();
    backend.put("changed", stream(now), SIZE, ObjectMetadata.EMPTY, retry(seen, null));

    assertArrayEquals(now, Files.readAllBytes(root.resolve("changed")));
    assertEquals(3 * 64 * 1024, last(seen).resumedBytes(), "kept up to the buffer that differs");
    assertEquals(0, temporaryFiles());
  }

  @Test
  void aTemporaryFileWrittenBeforeTheSourceChangedIsNotContinued() throws IOException {
    byte[] data = random(3);
    interrupt("stale", data);

    List<UploadProgress> seen = new ArrayList<>();
    backend.put(
        "stale",
        stream(data),
        SIZE,
        ObjectMetadata.EMPTY,
        retry(seen, Instant.now().plusSeconds(60)));

    assertArrayEquals(data, Files.readAllBytes(root.resolve("stale")));
    assertEquals(0, last(seen).resumedBytes());
  }

  @Test
  void aFailureThatIsNotKeptLeavesNoTemporaryFile() throws IOException {
    ResumableWrite once = new ResumableWrite(false, null, null, false, p -> {});
    assertThrows(
        StorageException.class,
        () ->
            backend.put(
                "dropped", FailingStream.of(random(4), FAIL_AT), SIZE, ObjectMetadata.EMPTY, once));
    assertEquals(0, temporaryFiles());
  }

  @Test
  void abandonRemovesTheTemporaryFile() throws IOException {
    interrupt("abandoned", random(5));
    backend.abandon("abandoned", null);
    assertEquals(0, temporaryFiles());
  }

  @Test
  void aKeyNoFileCanHoldHasNothingToAbandon() throws IOException {
    // Its write was refused before any file existed: dropping its upload finds nothing to do.
    backend.abandon("a/../../outside", null);
    backend.abandon("", null);
    assertEquals(0, temporaryFiles());
  }

  private void interrupt(String key, byte[] data) {
    ResumableWrite first = new ResumableWrite(false, null, null, true, p -> {});
    assertThrows(
        StorageException.class,
        () -> backend.put(key, FailingStream.of(data, FAIL_AT), SIZE, ObjectMetadata.EMPTY, first));
    assertTrue(Files.notExists(root.resolve(key)), "nothing is visible under the key");
  }

  private static ResumableWrite retry(List<UploadProgress> seen, Instant sourceModified) {
    return new ResumableWrite(true, null, sourceModified, true, seen::add);
  }

  private long temporaryFiles() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> p.getFileName().toString().startsWith(KeyPaths.TEMP_PREFIX)).count();
    }
  }

  private static UploadProgress last(List<UploadProgress> seen) {
    return seen.get(seen.size() - 1);
  }

  private static byte[] random(long seed) {
    byte[] bytes = new byte[SIZE];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static InputStream stream(byte[] data) {
    return new ByteArrayInputStream(data);
  }
}
