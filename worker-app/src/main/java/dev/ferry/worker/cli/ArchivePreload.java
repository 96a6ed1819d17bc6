package dev.ferry.worker.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * While {@code ./ferry} records the class-data archive (the first client command after a build),
 * loads the classes an embedded run and a worker need, so that the archive holds them whatever the
 * first command was: the README's first command copies files, yet a later run on S3 would otherwise
 * load and verify about 2,000 classes from the jar (a second of CPU, cold).
 *
 * <p>The list, {@code archive-classes.txt} beside this class, is made by {@code
 * scripts/archive-classes.sh}; names that no longer exist are skipped.
 */
final class ArchivePreload {
  /** Set by the launcher on the command that records the archive. */
  static final String PROPERTY = "ferry.archive.preload";

  /**
   * Set by the launcher with {@link #PROPERTY}: the file that receives the command's exit code, so
   * that the launcher still returns it when the JVM fails writing the archive after the command.
   */
  static final String EXIT_FILE = "ferry.archive.exitFile";

  private static final String LIST = "archive-classes.txt";

  private ArchivePreload() {}

  /** Starts loading in the background when recording; else returns null. */
  static Thread startIfRecording() {
    if (!Boolean.getBoolean(PROPERTY)) {
      return null;
    }
    // Low priority and in the background: much of a first command is spent waiting on Temporal.
    Thread thread = new Thread(ArchivePreload::loadAll, "ferry-archive-preload");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
    return thread;
  }

  /**
   * Waits for the loading to end, so the archive written at exit holds every class, and leaves the
   * command's exit code where the launcher asked for it.
   */
  static void finish(Thread thread, int exit) {
    if (thread == null) {
      return;
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String exitFile = System.getProperty(EXIT_FILE);
    if (exitFile != null) {
      try {
        Files.writeString(Path.of(exitFile), exit + "\n");
      } catch (IOException e) {
        // the launcher then reports the JVM's own status, as it would without the file
      }
    }
  }

  private static void loadAll() {
    ClassLoader loader = ArchivePreload.class.getClassLoader();
    try (InputStream in = ArchivePreload.class.getResourceAsStream(LIST)) {
      if (in == null) {
        return;
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String name = lines.readLine(); name != null; name = lines.readLine()) {
        try {
          // Loaded, not initialized: no static initializer of a library runs here.
          Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // gone from this build, or not loadable outside its context: the archive goes without
        }
      }
    } catch (IOException e) {
      // the archive just holds fewer classes
    }
  }
}
