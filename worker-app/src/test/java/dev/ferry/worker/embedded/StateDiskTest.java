package dev.ferry.worker.embedded;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDiskTest {
  @TempDir Path home;

  @Test
  void aDiskWithRoomIsNotFull() {
    assertNull(StateDisk.full(home, 0));
  }

  @Test
  void aFullDiskIsNamedWithTheDirectoryAndWhatToDo() {
    String line = StateDisk.full(home, Long.MAX_VALUE);
    assertTrue(
        line.startsWith(
            "the embedded Temporal cannot write its state: " + home + " (FERRY_HOME) has "),
        line);
    assertTrue(line.endsWith(" KiB free"), line);
  }

  @Test
  void aDirectoryThatCannotBeAskedIsNotCalledFull() {
    assertNull(StateDisk.full(home.resolve("missing"), Long.MAX_VALUE));
  }
}
