package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.synthetic.KeyShape;
import dev.ferry.activities.storage.synthetic.StoreBehaviour;
import dev.ferry.activities.storage.synthetic.SyntheticBackend;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.Histories;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.ListRangesResult;
import dev.ferry.workflows.ListingPartition;
import dev.ferry.workflows.MigrationCheckpoint;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A source that lists slowly is listed in partitions side by side: every object is still copied
 * exactly once, totals are exact, and the partitions survive continue-as-new. The split points come
 * from the store's own answers, so every key shape is tried.
 */
@Timeout(300)
class PartitionedListingTest {
  private static final int COUNT = 50_000;

  private MigrationTestEnv env;

  @BeforeEach
  void setUp() {
    env = new MigrationTestEnv();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static MigrationRequest request(Mode mode, int concurrency, int batch) {
    return new MigrationRequest(
        "src:slow",
        "mem:out",
        mode,
        concurrency,
        Verification.NONE,
        2,
        Duration.ofSeconds(1),
        null,
        null,
        IfExists.SKIP_IDENTICAL,
        false,
        batch,
        1L << 30,
        true);
  }

  /** A source of {@code shape} whose pages of 1,000 keys take 25 ms each, as a remote store's. */
  private SyntheticBackend slowSource(KeyShape shape) {
    return env.backend(
        "src:slow", SyntheticBackend.create(COUNT, 4, new StoreBehaviour(shape, 10, 1000, 25, 0)));
  }

  private static void assertExact(MigrationProgress p, long objects, int destinationSize) {
    assertEquals(MigrationState.COMPLETED, p.state(), p.toString());
    assertEquals(objects, p.objectsTotal(), "listed once each: " + p);
    assertEquals(objects, p.objectsCopied(), p.toString());
    assertEquals(0, p.objectsFailed(), p.toString());
    assertEquals(objects, destinationSize, "every key arrived");
    assertTrue(p.listingComplete());
    assertEquals(p.partitionsKnown(), p.partitionsListed(), p.toString());
  }

  @ParameterizedTest
  @EnumSource(KeyShape.class)
  void aSlowListingSplitsAndEveryObjectIsCopiedOnce(KeyShape shape) {
    slowSource(shape);
    MemoryBackend destination = env.backend("mem:out", new MemoryBackend("out"));
    env.start();

    MigrationProgress p = env.run("split-" + shape, request(Mode.COPY, 32, 1000)).progress();

    assertExact(p, COUNT, destination.size());
    assertTrue(p.partitionsKnown() >= 2, "split into " + p.partitionsKnown() + " partitions");
  }

  @Test
  void partitionsCarryOverContinueAsNew() {
    slowSource(KeyShape.FLAT);
    MemoryBackend destination = env.backend("mem:out", new MemoryBackend("out"));
    env.start();

    MigrationProgress p =
        env.run("split-runs", request(Mode.COPY, 32, 500).withMaxHistoryEvents(150)).progress();

    assertExact(p, COUNT, destination.size());
    assertTrue(p.partitionsKnown() >= 2, "split into " + p.partitionsKnown() + " partitions");
    List<WorkflowExecutionHistory> runs = Histories.runs(env.client(), "split-runs");
    assertTrue(runs.size() >= 3, "continued as new " + (runs.size() - 1) + " times");
    assertEachRangeListedOnceAndTotalsNeverDrop(runs, COUNT);
  }

  /**
   * A run hands the ranges it listed and did not start to the next, which starts them without
   * listing them again: over all runs the listings count each object once, and no run starts with
   * smaller totals than its predecessor's or with its listing no longer complete.
   */
  private static void assertEachRangeListedOnceAndTotalsNeverDrop(
      List<WorkflowExecutionHistory> runs, long objects) {
    long listed = 0;
    long carriedPending = 0;
    MigrationCheckpoint before = null;
    for (WorkflowExecutionHistory run : runs) {
      MigrationCheckpoint c = Histories.input(run, MigrationRequest.class).checkpoint();
      if (c != null) {
        assertEquals(listed, c.objectsTotal(), "a run starts with what was listed before it");
        carriedPending += c.partitions().stream().mapToLong(p -> p.pending().size()).sum();
        if (before != null && before.partitions().stream().allMatch(ListingPartition::complete)) {
          assertTrue(c.partitions().stream().allMatch(ListingPartition::complete), c.toString());
        }
        before = c;
      }
      for (ListRangesResult r : Histories.results(run, "ListRanges", ListRangesResult.class)) {
        listed += r.ranges().stream().mapToLong(KeyRange::objects).sum();
      }
    }
    assertEquals(objects, listed, "every object listed once over all runs");
    assertTrue(carriedPending > 0, "some run carried ranges listed and not started");
  }

  @Test
  void aPartitionedSyncDeletesExactlyTheDestinationOnlyKeysOfEveryPartition() {
    MemoryBackend source = new MemoryBackend("src");
    MemoryBackend destination = env.backend("mem:out", new MemoryBackend("out"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      String key = String.format("d%02d/k%05d", i % 30, i);
      source.putBytes(key, key.getBytes(StandardCharsets.UTF_8));
      expected.add(key);
      if (i % 3 == 0) { // keys only the destination holds, between the source's and after them
        destination.putBytes(key + "-old", new byte[] {1});
        destination.putBytes("z" + key, new byte[] {2});
      }
    }
    env.backend("src:slow", slowPages(source));
    env.start();

    MigrationProgress p =
        env.run("split-sync", request(Mode.SYNC, 16, 100).withPasses("100%", false, null))
            .progress();

    assertEquals(MigrationState.COMPLETED, p.state(), p.toString());
    assertEquals(3_000, p.objectsCopied(), p.toString());
    assertEquals(2_000, p.objectsDeleted(), p.toString());
    assertTrue(p.partitionsKnown() >= 2, "split into " + p.partitionsKnown() + " partitions");
    expected.sort(null);
    assertEquals(expected, destination.keys());
  }

  @Test
  void rangesOfLongKeysBeyondTheBudgetAreListedAgainAndTotalsStayExact() {
    MemoryBackend source = new MemoryBackend("src");
    int count = 2_000;
    for (int i = 0; i < count; i++) {
      source.putBytes(String.format("%04d", i) + "\"".repeat(1000), new byte[] {(byte) i});
    }
    env.backend("src:slow", source);
    MemoryBackend destination = env.backend("mem:out", new MemoryBackend("out"));
    env.start();

    MigrationProgress p =
        env.run("long-keys", request(Mode.COPY, 32, 10).withMaxHistoryEvents(150)).progress();

    assertExact(p, count, destination.size());
    List<WorkflowExecutionHistory> runs = Histories.runs(env.client(), "long-keys");
    assertTrue(runs.size() >= 3, "continued as new " + (runs.size() - 1) + " times");
    long carried = 0;
    long listed = 0;
    for (WorkflowExecutionHistory run : runs) {
      int bytes = Histories.inputBytes(run);
      assertTrue(bytes < 256 * 1024, "a checkpoint of " + bytes + " bytes");
      MigrationCheckpoint c = Histories.input(run, MigrationRequest.class).checkpoint();
      carried += c == null ? 0 : c.partitions().stream().mapToLong(x -> x.pending().size()).sum();
      for (ListRangesResult r : Histories.results(run, "ListRanges", ListRangesResult.class)) {
        listed += r.ranges().stream().mapToLong(KeyRange::objects).sum();
      }
    }
    assertTrue(carried > 0, "the ranges that fit were carried");
    assertTrue(listed > count, "those beyond the budget were listed again: " + listed);
  }

  /** {@code backend} listing at most 20 keys a page, 20 ms a page. */
  private static StorageBackend slowPages(StorageBackend backend) {
    return new ForwardingBackend(backend, "slow " + backend) {
      @Override
      public ListPage list(String startAfter, String lastKey, int maxKeys) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.list(startAfter, lastKey, Math.min(maxKeys, 20));
      }
    };
  }
}
