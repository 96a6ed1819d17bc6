package dev.ferry.worker.host;

import dev.ferry.activities.config.Location;
import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.StorageBackend;
import java.util.List;
import java.util.Optional;

/**
 * Opens the stores a migration is about to use while the embedded Temporal server starts, a second
 * or so in which the process would otherwise only wait. A fresh JVM then loads and runs its storage
 * clients' code, and connects, before the migration's first activity needs them rather than inside
 * it. It only reads (whether the bucket exists, one key of a listing), as the migration's preflight
 * does right after; every failure is left for that preflight to report.
 */
public final class StoreWarmUp {
  private StoreWarmUp() {}

  /**
   * Starts opening the remote {@code locations} through {@code resolver} in the background, and
   * returns the thread that does it; none when there is nothing to open.
   */
  public static Optional<Thread> start(BackendResolver resolver, List<String> locations) {
    List<String> remote = locations.stream().filter(StoreWarmUp::isRemote).toList();
    if (remote.isEmpty()) {
      return Optional.empty();
    }
    Thread thread = new Thread(() -> remote.forEach(l -> open(resolver, l)), "ferry-store-warm-up");
    thread.setDaemon(true);
    thread.start();
    return Optional.of(thread);
  }

  /** A local directory has no client to warm, and reading a large one twice is not free. */
  private static boolean isRemote(String location) {
    try {
      return !Location.parse(location).isLocal();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void open(BackendResolver resolver, String location) {
    try (StorageBackend store = resolver.open(location)) {
      if (store.rootExists()) {
        store.list(null, null, 1);
      }
    } catch (Exception e) {
      // the migration's preflight meets the same problem and reports it
    }
  }
}
