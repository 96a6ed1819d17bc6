package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.workflows.Fingerprints;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.RangeResult;
import dev.ferry.workflows.VerifyRangeActivity;
import io.temporal.testing.TestActivityEnvironment;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VerifyRangeActivityTest {
  private final MemoryBackend source = new MemoryBackend("src");
  private final MemoryBackend destination = new MemoryBackend("dst");
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void tearDown() {
    env.close();
  }

  /** The destination as a store whose listings leave out {@code hidden}, which is there. */
  private StorageBackend listingWithout(String hidden) {
    return new StorageBackend() {
      @Override
      public ListPage list(String startAfter, String lastKey, int maxKeys) {
        ListPage page = destination.list(startAfter, lastKey, maxKeys);
        return new ListPage(
            page.objects().stream().filter(o -> !o.key().equals(hidden)).toList(),
            page.truncated());
      }

      @Override
      public Optional<ObjectInfo> stat(String key) {
        return destination.stat(key);
      }

      @Override
      public InputStream open(String key) {
        return destination.open(key);
      }

      @Override
      public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
        return destination.put(key, data, size, metadata);
      }

      @Override
      public List<DeleteFailure> delete(List<String> keys) {
        return destination.delete(keys);
      }

      @Override
      public String describe() {
        return "dst listing without " + hidden;
      }
    };
  }

  @Test
  void aCopyTheListingMissesIsStatedNotFailed() {
    StorageBackend flaky = listingWithout("k1");
    env.registerActivitiesImplementations(
        new VerifyRangeActivityImpl(location -> location.startsWith("src") ? source : flaky));
    VerifyRangeActivity activity = env.newActivityStub(VerifyRangeActivity.class);
    FingerprintSet copied = new FingerprintSet();
    for (String key : List.of("k0", "k1", "k2")) {
      byte[] data = ("value of " + key).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      source.putBytes(key, data);
      destination.putBytes(key, data);
      copied.add(source.stat(key).orElseThrow());
    }
    MigrationRequest request =
        new MigrationRequest(
            "src:b",
            "dst:b",
            Mode.COPY,
            4,
            null,
            0,
            null,
            null,
            null,
            IfExists.SKIP_IDENTICAL,
            false,
            1000,
            1 << 20,
            false);
    RangeResult r =
        activity.verifyRange(
            new RangeInput(
                request, new KeyRange(null, "k2", 3, 30), new Fingerprints(copied.encode(), "")));
    assertEquals(0, r.rejectedCopied(), r.failures().toString());
    assertEquals(3, r.passed().copiedCount());
    destination.delete(List.of("k1"));
    r =
        activity.verifyRange(
            new RangeInput(
                request, new KeyRange(null, "k2", 3, 30), new Fingerprints(copied.encode(), "")));
    assertEquals(1, r.rejectedCopied(), "really missing");
  }
}
