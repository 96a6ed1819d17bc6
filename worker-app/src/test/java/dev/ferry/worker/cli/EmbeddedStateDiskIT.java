package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.worker.embedded.FerryHome;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded run whose state disk (FERRY_HOME) fills up: its dev server answers nothing until
 * there is room, and the run said "no worker answered" and "cannot reach Temporal". On a real full
 * filesystem (a tmpfs of its own; the test needs root to mount it), it names the disk, and goes on
 * to the end once there is room.
 */
class EmbeddedStateDiskIT {
  private static final Path JAR = Path.of("target", "ferry.jar").toAbsolutePath();
  private static final int FILES = 3000;

  @TempDir Path tmp;
  private Path mounted;

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      exec("umount", "-l", mounted.toString());
    }
  }

  @Test
  void aFullStateDiskIsNamedAndTheRunEndsOnceThereIsRoom() throws Exception {
    assumeTrue(FerryHome.temporalCli() != null, "no temporal binary on the PATH");
    Path disk = Files.createDirectories(tmp.resolve("disk"));
    assumeTrue(
        exec("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString()) == 0,
        "cannot mount a tmpfs here");
    mounted = disk;
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < FILES; i++) {
      Files.write(src.resolve("f-" + i), new byte[] {(byte) i, (byte) (i >> 8)});
    }
    Path dst = tmp.resolve("dst");
    Path err = tmp.resolve("err.txt");
    Process run =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dferry.home=" + disk.resolve("home"),
                "-jar",
                JAR.toString(),
                "run",
                "--from",
                src.toString(),
                "--to",
                dst.toString(),
                "--no-report",
                "--concurrency",
                "1")
            .directory(tmp.toFile())
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .redirectError(err.toFile())
            .start();
    try {
      // Once it copies: filled while the dev server starts, the server exits, and ferry says the
      // same of the disk with exit 2 (run again with --id).
      awaitFiles(dst, 100, run);
      Path filler = disk.resolve("filler");
      fill(filler);
      String said = awaitLine(err, "the embedded Temporal cannot write its state: ", run);
      assertTrue(said.contains(disk.resolve("home") + " (FERRY_HOME) has "), said);
      assertFalse(said.contains("no worker answered"), said);
      assertFalse(said.contains("cannot reach Temporal"), said);

      Files.delete(filler);
      assertTrue(run.waitFor(180, TimeUnit.SECONDS), Files.readString(err));
      assertEquals(0, run.exitValue(), Files.readString(err));
      for (int i = 0; i < FILES; i++) {
        assertArrayEquals(
            Files.readAllBytes(src.resolve("f-" + i)), Files.readAllBytes(dst.resolve("f-" + i)));
      }
    } finally {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
  }

  /** Writes {@code file} until its filesystem has no room left. */
  private static void fill(Path file) {
    byte[] mib = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(mib);
      }
    } catch (IOException full) {
      // No space left on device: full, as wanted.
    }
  }

  /** Waits until {@code dir} holds {@code count} files. */
  private static void awaitFiles(Path dir, int count, Process ferry) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (ferry.isAlive() && System.nanoTime() < deadline) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          if (files.count() >= count) {
            return;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("ferry did not copy " + count + " files in time");
  }

  /** Waits until {@code file} holds {@code line}; returns all of it. */
  private static String awaitLine(Path file, String line, Process ferry) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String text = Files.readString(file);
    while (!text.contains(line) && ferry.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      text = Files.readString(file);
    }
    assertTrue(text.contains(line), text);
    return text;
  }

  private static int exec(String... command) throws Exception {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }
}
