package dev.ferry.activities.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.testing.FailingStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of zeros in an object are left as holes in the file written for it, as {@code cp} leaves
 * them: a mostly empty disk image does not take its whole size at the destination. The bytes read
 * back are exact either way; the disk a file takes is asked of {@code du}, not of ferry.
 */
class SparseFileWritesTest {
  private static final int MIB = 1 << 20;

  @TempDir Path root;
  private FileSystemBackend backend;

  @BeforeEach
  void open() throws IOException {
    Path probe = root.resolve("probe");
    try (RandomAccessFile file = new RandomAccessFile(probe.toFile(), "rw")) {
      file.setLength(8 * MIB);
    }
    assumeTrue(allocated(probe) < MIB, "this filesystem keeps no holes");
    Files.delete(probe);
    backend = FileSystemBackend.create(root);
  }

  @Test
  void zerosBetweenDataAreLeftAsHoles() throws IOException {
    byte[] data = new byte[16 * MIB];
    fill(data, 1, 3 * MIB + 100, 10_000);
    fill(data, 2, data.length - 5_000, 5_000);

    put("image.raw", data);

    assertArrayEquals(data, Files.readAllBytes(root.resolve("image.raw")));
    long allocated = allocated(root.resolve("image.raw"));
    assertTrue(allocated <= 256 * 1024, "allocated " + allocated + " bytes of 16 MiB");
  }

  @Test
  void anObjectEndingInZerosKeepsItsSize() throws IOException {
    byte[] data = new byte[8 * MIB + 123];
    fill(data, 3, 0, 4_096);

    put("tail-zeros", data);

    Path file = root.resolve("tail-zeros");
    assertEquals(data.length, Files.size(file));
    assertArrayEquals(data, Files.readAllBytes(file));
    assertTrue(allocated(file) <= 64 * 1024, "allocated " + allocated(file));
  }

  @Test
  void anInterruptedSparseWriteContinuesExactly() throws IOException {
    byte[] data = new byte[4 * MIB];
    fill(data, 4, 100_000, 50_000);
    fill(data, 5, 3 * MIB, 70_000);
    ResumableWrite first = new ResumableWrite(false, null, null, true, p -> {});
    assertThrows(
        StorageException.class,
        () ->
            backend.put(
                "resumed",
                FailingStream.of(data, 2 * MIB),
                data.length,
                ObjectMetadata.EMPTY,
                first));

    ResumableWrite retry = new ResumableWrite(true, null, null, true, p -> {});
    backend.put(
        "resumed", new ByteArrayInputStream(data), data.length, ObjectMetadata.EMPTY, retry);

    assertArrayEquals(data, Files.readAllBytes(root.resolve("resumed")));
  }

  @Test
  void anEmptyObjectAndOneOfZerosOnly() throws IOException {
    put("empty", new byte[0]);
    put("zeros", new byte[MIB + 1]);
    assertEquals(0, Files.size(root.resolve("empty")));
    assertArrayEquals(new byte[MIB + 1], Files.readAllBytes(root.resolve("zeros")));
  }

  private void put(String key, byte[] data) {
    backend.put(key, new ByteArrayInputStream(data), data.length, ObjectMetadata.EMPTY);
  }

  private static void fill(byte[] data, long seed, int from, int length) {
    byte[] random = new byte[length];
    new Random(seed).nextBytes(random);
    System.arraycopy(random, 0, data, from, length);
  }

  /** The bytes of disk {@code file} takes, as {@code du} tells. */
  private static long allocated(Path file) throws IOException {
    Process du = new ProcessBuilder("du", "--block-size=1", file.toString()).start();
    String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertEquals(0, du.waitFor(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return Long.parseLong(out.trim().split("\\s+")[0]);
  }
}
