package dev.ferry.activities.storage.fs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many concurrent walks of a 200,000-file directory hold a window each, not a copy of the directory
 * each: measured in a child JVM while every walk holds what it read, and compared with a control
 * run whose window is the whole directory (what every walk held before windows).
 */
class KeyOrderWalkMemoryTest {
  private static final int FILES = 200_000;
  private static final int WALKS = 16;
  private static final long MIB = 1 << 20;

  @TempDir static Path dir;

  @BeforeAll
  static void createFiles() throws IOException {
    for (int i = 0; i < FILES; i++) {
      Files.createFile(dir.resolve(WalkMemoryProbe.name(i)));
    }
  }

  @Test
  void walksOfADirectoryBeingWrittenHoldAWindowEach() throws Exception {
    long held = held(probe("64m", KeyOrderWalk.WINDOW, "written"));
    assertTrue(held < 16 * MIB, held / MIB + " MiB held"); // about 4 MiB measured
  }

  @Test
  void walksOfAnUnchangedDirectoryShareOneCachedCopy() throws Exception {
    long held = held(probe("64m", KeyOrderWalk.WINDOW, "unchanged"));
    assertTrue(held < 48 * MIB, held / MIB + " MiB held"); // about 21 MiB measured
  }

  @Test
  void controlWalksThatEachHoldTheWholeDirectoryHoldFarMore() throws Exception {
    long held = held(probe("1g", Integer.MAX_VALUE, "written"));
    assertTrue(held > 100 * MIB, held / MIB + " MiB held"); // about 136 MiB measured
  }

  private static long held(String result) {
    assertTrue(result.startsWith("held "), result);
    return Long.parseLong(result.substring("held ".length()));
  }

  /** The last line the probe printed. */
  private static String probe(String heap, int window, String mode) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WalkMemoryProbe.class.getName());
    command.addAll(
        List.of(
            dir.toString(),
            String.valueOf(FILES),
            String.valueOf(WALKS),
            String.valueOf(window),
            mode));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    String[] lines = output.split("\n");
    return lines[lines.length - 1];
  }
}
