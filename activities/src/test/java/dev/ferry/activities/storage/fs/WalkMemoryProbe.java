package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.KeyOrder;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child process of {@link KeyOrderWalkMemoryTest}: starts many walks of one huge directory at
 * once, each from its own key, and has every walk hold its first entry until all have one, so each
 * holds what it read of the directory at the same time, and measures the heap then held. Prints
 * {@code held BYTES} when all then list their next keys in order; exits non-zero otherwise (out of
 * heap included).
 *
 * <p>Usage: {@code DIR FILES WALKS WINDOW written|unchanged}; the files are named {@code
 * f000000...}; {@code written} walks without the cache (as when the directory just changed), {@code
 * unchanged} with one, the directory's time set a minute back.
 */
public final class WalkMemoryProbe {
  private WalkMemoryProbe() {}

  /** Names of the probe's files. */
  static String name(int i) {
    return String.format("f%06d", i);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int files = Integer.parseInt(args[1]);
    int walks = Integer.parseInt(args[2]);
    int window = Integer.parseInt(args[3]);
    DirectoryCache cache = null;
    if (args[4].equals("unchanged")) {
      Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minusSeconds(60)));
      cache = new DirectoryCache(500_000);
    }
    // Measured while every walk holds what it read: the heap left after a full collection.
    AtomicLong held = new AtomicLong();
    CyclicBarrier allHold =
        new CyclicBarrier(
            walks,
            () -> {
              System.gc();
              held.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            });
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Random random = new Random(7);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < walks; w++) {
      int from = random.nextInt(files - 2_000);
      DirectoryCache shared = cache;
      Thread t =
          new Thread(
              () -> {
                try {
                  walk(dir, from, shared, window, allHold);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                  allHold.reset();
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      System.out.println("failed: " + failure.get());
      System.exit(failure.get() instanceof OutOfMemoryError ? 3 : 1);
    }
    System.out.println("held " + held.get());
  }

  private static void walk(
      Path dir, int from, DirectoryCache cache, int window, CyclicBarrier allHold)
      throws Exception {
    KeyOrderWalk walk = new KeyOrderWalk(dir, name(from), cache, window);
    String previous = walk.next().key();
    if (!previous.equals(name(from + 1))) {
      throw new AssertionError("started at " + previous + " after " + name(from));
    }
    allHold.await(120, TimeUnit.SECONDS);
    for (int i = 2; i <= 1_500; i++) {
      String key = walk.next().key();
      if (!key.equals(name(from + i)) || KeyOrder.compare(previous, key) >= 0) {
        throw new AssertionError(key + " after " + previous);
      }
      previous = key;
    }
  }
}
