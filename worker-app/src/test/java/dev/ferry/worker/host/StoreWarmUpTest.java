package dev.ferry.worker.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.MemoryBackend;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an embedded run does with its stores while its Temporal server starts: reads, no more. */
class StoreWarmUpTest {
  @TempDir Path tmp;

  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** A store holding one object, recording every call made to it as "LOCATION call". */
  private StorageBackend recording(String location) {
    MemoryBackend store = new MemoryBackend(location);
    store.put("a", new ByteArrayInputStream(new byte[] {1}), 1, ObjectMetadata.EMPTY);
    calls.add(location + " open");
    return new ForwardingBackend(store, location) {
      @Override
      public boolean rootExists() {
        calls.add(location + " rootExists");
        return true;
      }

      @Override
      public ListPage list(String startAfter, String lastKey, int maxKeys) {
        calls.add(location + " list " + startAfter + " " + lastKey + " " + maxKeys);
        return super.list(startAfter, lastKey, maxKeys);
      }

      @Override
      public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
        calls.add(location + " put " + key);
        return super.put(key, data, size, metadata);
      }

      @Override
      public List<DeleteFailure> delete(List<String> keys) {
        calls.add(location + " delete " + keys);
        return super.delete(keys);
      }

      @Override
      public void close() {
        calls.add(location + " close");
      }
    };
  }

  @Test
  void opensEachRemoteStoreAndOnlyReads() throws InterruptedException {
    StoreWarmUp.start(this::recording, List.of("src:bucket/in", "dst:other"))
        .orElseThrow()
        .join(10_000);

    assertEquals(
        List.of(
            "src:bucket/in open",
            "src:bucket/in rootExists",
            "src:bucket/in list null null 1",
            "src:bucket/in close",
            "dst:other open",
            "dst:other rootExists",
            "dst:other list null null 1",
            "dst:other close"),
        calls);
  }

  @Test
  void leavesLocalDirectoriesAlone() {
    String local = tmp.resolve("dir").toString();

    assertTrue(StoreWarmUp.start(this::recording, List.of(local)).isEmpty());
    assertTrue(StoreWarmUp.start(this::recording, List.of()).isEmpty());
    assertEquals(List.of(), calls);
  }

  @Test
  void aStoreThatFailsIsLeftForPreflightAndTheNextIsStillOpened() throws InterruptedException {
    BackendResolver failingFirst =
        location -> {
          if (location.startsWith("src:")) {
            throw new PermanentStorageException("src: no such profile");
          }
          return recording(location);
        };

    Thread thread = StoreWarmUp.start(failingFirst, List.of("src:b", "dst:b")).orElseThrow();
    thread.join(10_000);

    assertFalse(thread.isAlive());
    assertEquals(
        List.of("dst:b open", "dst:b rootExists", "dst:b list null null 1", "dst:b close"), calls);
  }

  @Test
  void runsInTheBackground() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    BackendResolver slow =
        location -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return recording(location);
        };

    Thread thread = StoreWarmUp.start(slow, List.of("src:b")).orElseThrow();

    assertTrue(thread.isAlive(), "start returned while the store was still being opened");
    assertTrue(thread.isDaemon(), "a warm-up must never keep the process alive");
    release.countDown();
    thread.join(10_000);
    assertEquals("src:b close", calls.get(calls.size() - 1));
  }
}
