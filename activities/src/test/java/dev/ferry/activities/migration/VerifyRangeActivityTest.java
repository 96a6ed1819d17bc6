package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.testing.ForwardingBackend;
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
import java.util.List;
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
    return new ForwardingBackend(destination, "dst listing without " + hidden) {
      @Override
      public ListPage list(String startAfter, String lastKey, int maxKeys) {
        ListPage page = destination.list(startAfter, lastKey, maxKeys);
        return new ListPage(
            page.objects().stream().filter(o -> !o.key().equals(hidden)).toList(),
            page.truncated());
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
    MigrationRequest request = request();
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

  @Test
  void theBytesCopySentAreCheckedWithoutReadingThePlainSourceAgain() {
    MemoryBackend plain = new MemoryBackend("src", false); // like files: no stored MD5
    List<String> opened = new java.util.ArrayList<>();
    plain.intercept(
        (op, key) -> {
          if (op.equals("open")) {
            opened.add(key);
          }
        });
    env.registerActivitiesImplementations(
        new VerifyRangeActivityImpl(location -> location.startsWith("src") ? plain : destination));
    VerifyRangeActivity activity = env.newActivityStub(VerifyRangeActivity.class);
    FingerprintSet sent = new FingerprintSet();
    FingerprintSet unhashed = new FingerprintSet();
    for (String key : List.of("k0", "k1")) {
      byte[] data = ("value of " + key).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      plain.putBytes(key, data);
      destination.putBytes(key, data);
      ObjectInfo info = plain.stat(key).orElseThrow();
      sent.add(
          info, dev.ferry.activities.storage.DigestingInputStream.md5Hex(data, data.length), false);
      unhashed.add(info);
    }
    KeyRange range = new KeyRange(null, "k1", 2, 20);

    RangeResult r =
        activity.verifyRange(new RangeInput(request(), range, new Fingerprints(sent.encode(), "")));
    assertEquals(2, r.passed().copiedCount(), r.failures().toString());
    assertEquals(List.of(), opened, "the source was read again");

    // Without the hash (as histories from before it hold), the source is read to compare.
    r =
        activity.verifyRange(
            new RangeInput(request(), range, new Fingerprints(unhashed.encode(), "")));
    assertEquals(2, r.passed().copiedCount(), r.failures().toString());
    assertEquals(List.of("k0", "k1"), opened);

    // Same size, other bytes at the destination: not what copy sent.
    destination.putBytes("k1", "VALUE OF k1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    r = activity.verifyRange(new RangeInput(request(), range, new Fingerprints(sent.encode(), "")));
    assertEquals(1, r.rejectedCopied());
    assertEquals("k1", r.failures().get(0).key());
  }

  @Test
  void aCopyWhoseWritesTheDestinationCheckedIsNotLookedAtAgain() {
    env.registerActivitiesImplementations(
        new VerifyRangeActivityImpl(location -> location.startsWith("src") ? source : destination));
    VerifyRangeActivity activity = env.newActivityStub(VerifyRangeActivity.class);
    List<String> destinationCalls = new java.util.ArrayList<>();
    destination.intercept((op, key) -> destinationCalls.add(op));
    FingerprintSet received = new FingerprintSet();
    for (String key : List.of("k0", "k1")) {
      byte[] data = ("value of " + key).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      source.putBytes(key, data);
      String md5 = dev.ferry.activities.storage.DigestingInputStream.md5Hex(data, data.length);
      received.add(source.stat(key).orElseThrow(), md5, true);
    }
    Fingerprints fingerprints = new Fingerprints(received.encode(), "");
    KeyRange range = new KeyRange(null, "k1", 2, 20);

    // The destination holds nothing here: only the receipts vouch for the copies.
    RangeResult r = activity.verifyRange(new RangeInput(request(), range, fingerprints));
    assertEquals(2, r.passed().copiedCount(), r.failures().toString());
    assertEquals(List.of(), destinationCalls);

    // A source changed after copy read it is a newer version for the next run, in a COPY.
    source.putBytes("k1", "changed".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    r = activity.verifyRange(new RangeInput(request(), range, fingerprints));
    assertEquals(0, r.rejectedCopied());

    // A MOVE looks at the destination before delete may remove the source.
    r = activity.verifyRange(new RangeInput(request(Mode.MOVE), range, fingerprints));
    assertEquals(2, r.rejectedCopied(), "k0 missing at the destination, k1 changed");
    assertEquals(true, destinationCalls.contains("list"));
  }

  private static MigrationRequest request() {
    return request(Mode.COPY);
  }

  static MigrationRequest request(Mode mode) {
    return new MigrationRequest(
        "src:b",
        "dst:b",
        mode,
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
  }
}
