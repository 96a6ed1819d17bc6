package dev.ferry.worker.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the embedded dev server has room for its state. On a full disk it answers nothing (its
 * SQLite file cannot grow) until there is room again, and a watch said "no worker answered" and
 * "cannot reach Temporal", which sent users looking for a dead worker or server.
 */
public final class StateDisk {
  /** Less free space than this is taken as full: the server's next writes will not fit. */
  static final long LOW_BYTES = 1L << 20;

  private StateDisk() {}

  /**
   * What says the state directory's disk is full ("the embedded Temporal cannot write its state:
   * ... has 0 KiB free"), or null when it has room (or cannot be asked).
   */
  public static String full() {
    return full(FerryHome.checked(), LOW_BYTES);
  }

  /** The line for {@code home}, taken as full below {@code lowBytes} free; null otherwise. */
  static String full(Path home, long lowBytes) {
    try {
      long free = Files.getFileStore(home).getUsableSpace();
      if (free >= lowBytes) {
        return null;
      }
      return "the embedded Temporal cannot write its state: "
          + home
          + " (FERRY_HOME) has "
          + free / 1024
          + " KiB free";
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
