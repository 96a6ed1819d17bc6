package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.testing.FailingStream;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.workflows.CopyRangeActivity;
import dev.ferry.workflows.Fingerprints;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.RangeResult;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retry of CopyRange drops the unfinished upload its earlier attempt's heartbeat named when it no
 * longer copies that object, so no orphan stays behind: here a filesystem destination's temporary
 * file, whose object was deleted from the source, or is already at the destination.
 */
class CopyRangeUnfinishedUploadsTest {
  private final MemoryBackend source = new MemoryBackend("src");
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  @TempDir Path root;

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void anUploadOfAnObjectTheSourceNoLongerHasIsDropped() throws IOException {
    FileSystemBackend destination = FileSystemBackend.create(root);
    for (String key : List.of("k1", "k2", "k4")) {
      source.putBytes(key, new byte[] {1});
    }
    interruptedUpload(destination, "k3");

    RangeResult r = copy(destination, heartbeatNaming("k3"), 3);

    assertEquals(3, r.copied());
    assertEquals(0, temporaryFiles(), "the unfinished upload of k3 is gone");
  }

  @Test
  void anUploadOfAnObjectNowSkippedIsDropped() throws IOException {
    FileSystemBackend destination = FileSystemBackend.create(root);
    source.putBytes("k1", new byte[] {1});
    destination.put("k1", new ByteArrayInputStream(new byte[] {1}), 1, ObjectMetadata.EMPTY);
    interruptedUpload(destination, "k1");

    RangeResult r = copy(destination, heartbeatNaming("k1"), 1);

    assertEquals(1, r.skipped());
    assertEquals(0, temporaryFiles(), "the unfinished upload of k1 is gone");
  }

  /**
   * An attempt killed after its upload completed, before it counted the object: the retry finds the
   * very version it was uploading whole at the destination, and counts it copied, not skipped.
   */
  @Test
  void anObjectTheEarlierAttemptFinishedUploadingCountsAsCopied() throws IOException {
    FileSystemBackend destination = FileSystemBackend.create(root);
    byte[] bytes = new byte[1 << 20];
    source.putBytes("k1", bytes);
    destination.put("k1", new ByteArrayInputStream(bytes), bytes.length, ObjectMetadata.EMPTY);
    ObjectInfo version = source.stat("k1").orElseThrow();
    UploadHeartbeat upload =
        new UploadHeartbeat(
            "k1",
            null,
            1 << 20,
            1,
            bytes.length,
            0,
            version.size(),
            version.etag(),
            version.lastModified().toString());
    RangeResult nothing = new RangeResult(0, 0, 0, 0, 0, 0, 0, List.of(), Fingerprints.EMPTY);

    RangeResult r = copy(destination, new RangeHeartbeat(null, nothing, "k1", 0, upload, 0), 1);

    assertEquals(1, r.copied());
    assertEquals(0, r.skipped());
    assertEquals(bytes.length, r.bytesCopied());
  }

  private RangeResult copy(FileSystemBackend destination, RangeHeartbeat previous, long objects) {
    env.registerActivitiesImplementations(
        new CopyRangeActivityImpl(location -> location.equals("src") ? source : destination));
    env.setHeartbeatDetails(previous);
    RangeInput input = CopyRangeActivityTest.input(objects);
    return env.newActivityStub(CopyRangeActivity.class).copyRange(input);
  }

  /** The heartbeat of an attempt killed while uploading {@code key}, before it finished a key. */
  private static RangeHeartbeat heartbeatNaming(String key) {
    RangeResult nothing = new RangeResult(0, 0, 0, 0, 0, 0, 0, List.of(), Fingerprints.EMPTY);
    UploadHeartbeat upload =
        new UploadHeartbeat(key, null, 1 << 20, 0, 0, 0, 4 << 20, "e", "2026-01-01T00:00:00Z");
    return new RangeHeartbeat(null, nothing, key, 0, upload, 0);
  }

  /** Leaves a temporary file of {@code key}, as an attempt killed mid-write does. */
  private static void interruptedUpload(FileSystemBackend destination, String key)
      throws IOException {
    InputStream failing = FailingStream.of(new byte[1 << 20], 0);
    ResumableWrite keep = new ResumableWrite(false, null, null, true, p -> {});
    assertThrows(
        StorageException.class,
        () -> destination.put(key, failing, 1 << 20, ObjectMetadata.EMPTY, keep));
  }

  private long temporaryFiles() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> p.getFileName().toString().startsWith(".ferry-tmp-")).count();
    }
  }
}
