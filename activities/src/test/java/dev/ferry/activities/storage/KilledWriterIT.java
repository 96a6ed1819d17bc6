package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.azure.AzureType;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.AzuriteServer;
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
  @RegisterExtension static final AzuriteServer AZURITE = new AzuriteServer();

  @TempDir Path dir;

  @Test
  void filesystemWriteKilledMidObject() throws Exception {
    Path root = dir.resolve("root");
    Process child = ChildWriter.start("96m", dir.resolve("fs.log"), "endless-fs", root.toString());
    try {
      awaitTrue(() -> tempBytes(root.resolve("big")) > (8 << 20), child, dir.resolve("fs.log"));
    } finally {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertFalse(Files.exists(root.resolve("big/object")));
    FileSystemBackend backend = FileSystemBackend.create(root);
    assertTrue(backend.stat("big/object").isEmpty());
    assertEquals(List.of(), backend.list(null, null, 10).objects());
  }

  /**
   * A JVM told to stop (SIGTERM) while it writes to Azure lets the write finish within its grace,
   * as a worker does. Before, the SDK's own shutdown hook stopped the scheduler its requests time
   * out on, and every Azure request in flight failed at once with "Shutdown in progress".
   */
  @Test
  void azureWriteStoppedBySigtermFinishesWithinTheGrace() throws Exception {
    AZURITE.createContainer("stopped");
    long size = 48L << 20;
    Path log = dir.resolve("azure.log");
    Process child =
        ChildWriter.start(
            "256m", log, "stopped-azure", AZURITE.endpoint(), "stopped", Long.toString(size));
    try {
      awaitTrue(() -> readSoFar(log) >= (16L << 20), child, log);
      child.destroy(); // SIGTERM
      assertTrue(child.waitFor(90, TimeUnit.SECONDS), "the child did not stop");
    } finally {
      child.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(log);
    assertTrue(lines.contains("stored " + size), String.join("\n", lines));
    BackendProfile profile =
        AzureType.profile("p", AzuriteServer.ACCOUNT, AzuriteServer.KEY, AZURITE.endpoint(), 0);
    try (BackendType.Connected azure = AzureType.TYPE.connect(profile)) {
      assertEquals(
          size, azure.open("stopped", "", "azure p").stat("large.bin").orElseThrow().size());
    }
  }

  @Test
  void s3WriteKilledMidObject() throws Exception {
    S3.createBucket("killed");
    Process child =
        ChildWriter.start(
            "96m",
            dir.resolve("s3.log"),
            "endless-s3",
            S3.endpoint(),
            S3.accessKey(),
            S3.secretKey(),
            "killed");
    try (S3Connection connection = S3Connection.create(S3.profile("p"))) {
      S3Backend backend = S3Backend.create(connection, "killed", "heavy", "s3 p:killed/heavy");
      try {
        // Past 40 MiB, several 8 MiB parts have been handed to the server.
        awaitTrue(
            () -> readSoFar(dir.resolve("s3.log")) > (40L << 20), child, dir.resolve("s3.log"));
      } finally {
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      assertTrue(backend.stat("big/object").isEmpty());
      assertEquals(List.of(), backend.list(null, null, 10).objects());
    }
  }

  /** The last {@code read N} the child reported. */
  private static long readSoFar(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(l -> l.startsWith("read "))
        .mapToLong(l -> Long.parseLong(l.substring(5).trim()))
        .max()
        .orElse(0);
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

  private static void awaitTrue(Check check, Process child, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    BooleanSupplier alive = child::isAlive;
    while (System.nanoTime() < deadline) {
      if (!alive.getAsBoolean()) {
        throw new AssertionError("the writer died before it was killed:\n" + Files.readString(log));
      }
      if (check.test()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the writer did not get going within 60 s");
  }
}
