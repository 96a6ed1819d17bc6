package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.workflows.DeleteRangeActivity;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.Fingerprints;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.RangeResult;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeleteRangeActivityTest {
  private final MemoryBackend source = new MemoryBackend("src");
  private final MemoryBackend destination = new MemoryBackend("dst");
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * A move verified by a worker older than verify's record of the destination (an upgrade between
   * its verify and its delete): the delete gets copy's entries, without the destination's state. An
   * audit saw a copy written over with the same size since then lose its source, deleted on size
   * alone. Its bytes are checked again, and that source kept.
   */
  @Test
  void aMoveAnOlderWorkerVerifiedChecksItsCopiesAgainBeforeDeleting() {
    env.registerActivitiesImplementations(
        new DeleteRangeActivityImpl(location -> location.startsWith("src") ? source : destination));
    DeleteRangeActivity activity = env.newActivityStub(DeleteRangeActivity.class);
    FingerprintSet verifiedByAnOlderWorker = new FingerprintSet();
    for (String key : List.of("k0", "k1", "k2")) {
      byte[] data = ("value of " + key).getBytes(StandardCharsets.UTF_8);
      source.putBytes(key, data);
      destination.putBytes(key, data);
      verifiedByAnOlderWorker.add(
          source.stat(key).orElseThrow(), DigestingInputStream.md5Hex(data, data.length), false);
    }
    String encoded = verifiedByAnOlderWorker.encode();
    assertEquals(Fingerprints.CURRENT, encoded.substring(0, 2), "copy's encoding, as verify kept");
    destination.putBytes("k1", "VALUE OF k1".getBytes(StandardCharsets.UTF_8));

    RangeResult r =
        activity.deleteRange(
            new RangeInput(
                VerifyRangeActivityTest.request(Mode.MOVE),
                new KeyRange(null, "k2", 3, 30),
                new Fingerprints(encoded, "")));

    assertEquals(2, r.deleted(), r.failures().toString());
    assertEquals(List.of("k1"), source.keys(), "the source of the overwritten copy is kept");
    ObjectFailure kept = r.failures().get(0);
    assertEquals("k1", kept.key());
    assertEquals(FerryFailures.REASON_DESTINATION_CHANGED, kept.reason());
  }
}
