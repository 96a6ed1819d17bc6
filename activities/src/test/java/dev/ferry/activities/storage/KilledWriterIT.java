package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed with -9 in the middle of an object leaves nothing under the object's key. */
class KilledWriterIT {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir Path dir;

  @Test
  void filesystemWriteKilledMidObject() throws Exception {
    Path root = dir.resolve("root");
    Process child = ChildWriter.start("64m", dir.resolve("fs.log"), "endless-fs", root.toString());
    try {
      awaitTrue(() -> tempBytes(root.resolve("big")) > (8 << 20), child);
    } finally {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertFalse(Files.exists(root.resolve("big/object")));
    FileSystemBackend backend = FileSystemBackend.create(root);
    assertTrue(backend.stat("big/object").isEmpty());
    assertEquals(List.of(), backend.list(null, null, 10).objects());
  }

  @Test
  void s3WriteKilledMidObject() throws Exception {
    S3.createBucket("killed");
    Process child =
        ChildWriter.start(
            "64m",
            dir.resolve("s3.log"),
            "endless-s3",
            S3.endpoint(),
            S3.accessKey(),
            S3.secretKey(),
            "killed");
    try (S3Connection connection = S3Connection.create(S3.profile("p"))) {
      S3Backend backend = S3Backend.create(connection, "killed", "heavy", "s3 p:killed/heavy");
      try {
        // Several parts have gone up once the child has been writing for a while.
        awaitTrue(
            () -> Files.readString(dir.resolve("s3.log")).contains("writing") && aged(child),
            child);
      } finally {
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      assertTrue(backend.stat("big/object").isEmpty());
      assertEquals(List.of(), backend.list(null, null, 10).objects());
    }
  }

  private static boolean aged(Process child) {
    return child
        .info()
        .startInstant()
        .map(s -> s.plusSeconds(6).isBefore(java.time.Instant.now()))
        .orElse(true);
  }

  private static long tempBytes(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path p : files.toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }

  private interface Check {
    boolean test() throws IOException;
  }

  private static void awaitTrue(Check check, Process child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    BooleanSupplier alive = child::isAlive;
    while (System.nanoTime() < deadline) {
      assertTrue(alive.getAsBoolean(), "the writer died before it was killed");
      if (check.test()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the writer did not get going within 60 s");
  }
}
