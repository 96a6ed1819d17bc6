package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.activities.testing.Eventually;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.CopyRangeActivity;
import dev.ferry.workflows.Fingerprints;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.RangeResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ranges that only workers older than the workflow took: they cannot read the activity's input (a
 * field added since), on every attempt. An audit rolled workers back mid-migration and saw each
 * range fail six times with a raw Jackson error, then the migration end COMPLETED with 1,000
 * objects failed. Now it pauses, saying why and what to run.
 */
@Timeout(60)
class OlderWorkerTest {
  /** CopyRange as a worker before {@code RangeInput.pass} declared it. */
  @ActivityInterface
  public interface OlderCopyRange {
    @ActivityMethod(name = "CopyRange")
    RangeResult copyRange(OlderRangeInput input);
  }

  /** {@code RangeInput} without its {@code pass} field. */
  public record OlderRangeInput(
      MigrationRequest request,
      KeyRange range,
      Fingerprints fingerprints,
      boolean destinationEmptyAtStart,
      boolean sourceInService,
      JsonNode resumeFrom) {}

  @Test
  void rangesOnlyOlderWorkersTookPauseTheMigrationSayingSo() {
    AtomicInteger read = new AtomicInteger();
    try (MigrationTestEnv env = new MigrationTestEnv(a -> !(a instanceof CopyRangeActivity))) {
      MemoryBackend source = env.backend("src:b/in", new MemoryBackend("src"));
      env.backend("dst:b/out", new MemoryBackend("dst"));
      env.worker()
          .registerActivitiesImplementations(
              (OlderCopyRange)
                  input -> {
                    read.incrementAndGet();
                    throw new IllegalStateException("an input it could read");
                  });
      env.start();
      MigrationWorkflowTest.fill(source, 4);
      MigrationWorkflow wf =
          env.startMigration("older-workers", SideFaultPauseTest.request(Mode.COPY, 1));

      MigrationProgress paused =
          Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
      assertEquals(
          "COPY of range (, dir/k003]: its workers are older than this migration and cannot read"
              + " its request (Unrecognized field \"pass\"); run workers of the ferry that started"
              + " it, or newer, then resume",
          paused.pausedReason());
      assertEquals(0, paused.objectsFailed(), paused.toString());
      assertEquals(0, read.get(), "the older worker read no input");
    }
  }
}
