package dev.ferry.worker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.PassSummary;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressTextTest {
  private static final long MIB = 1024 * 1024;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  static MigrationProgress progress(
      MigrationState state, String reason, boolean listed, long copiedBytes, double percent) {
    return progress(state, reason, listed, copiedBytes, percent, 0);
  }

  static MigrationProgress progress(
      MigrationState state,
      String reason,
      boolean listed,
      long copiedBytes,
      double percent,
      long skipped) {
    return new MigrationProgress(
        "ferry-1",
        state,
        Mode.COPY,
        reason,
        listed,
        240,
        100 * MIB,
        100,
        skipped,
        0,
        0,
        copiedBytes,
        2,
        8,
        percent,
        4 * MIB,
        15L,
        START,
        START.plusMillis(4_100));
  }

  @Test
  void summaryLineHasTheContractShape() {
    MigrationProgress p =
        new MigrationProgress(
            "ferry-1",
            MigrationState.COMPLETED,
            Mode.COPY,
            null,
            true,
            240,
            32_715_571,
            240,
            0,
            0,
            0,
            32_715_571,
            0,
            8,
            100,
            0,
            0L,
            START,
            START.plusMillis(4_100));
    assertEquals(
        "completed: 240 copied, 0 skipped, 0 failed, 0 deleted, 31.2 MiB in 4.1 s",
        ProgressText.summary(p, ProgressText.elapsed(p, Duration.ZERO)));
  }

  @Test
  void elapsedFallsBackWhenTimestampsAreMissing() {
    MigrationProgress p =
        new MigrationProgress(
            "x",
            MigrationState.CANCELLED,
            Mode.MOVE,
            null,
            false,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            null,
            null,
            null);
    assertEquals(Duration.ofSeconds(7), ProgressText.elapsed(p, Duration.ofSeconds(7)));
    assertTrue(ProgressText.summary(p, Duration.ofSeconds(7)).startsWith("cancelled: "));
  }

  @Test
  void barShowsPercentAmountsRateEtaCountsAndState() {
    String bar = ProgressText.bar(progress(MigrationState.RUNNING, null, true, 50 * MIB, 50), 0);
    assertEquals(
        "[############............] 50.0% 50.0 MiB of 100.0 MiB 4.0 MiB/s ETA 15s"
            + " | 100 copied, 0 skipped, 0 failed | RUNNING",
        bar);
  }

  @Test
  void bytesSayCopiedOnceSkippedObjectsMakeThemFallShortOfTheTotal() {
    MigrationProgress p = progress(MigrationState.COMPLETED, null, true, 80 * MIB, 100, 140);
    assertTrue(ProgressText.line(p, 0).startsWith("COMPLETED 100.0% 80.0 MiB copied of 100.0 MiB"));
  }

  @Test
  void pausedIsShownWithItsReasonAndNoEta() {
    String bar =
        ProgressText.bar(progress(MigrationState.PAUSED, "expired credential", true, 0, 0), 0);
    assertTrue(bar.endsWith("| PAUSED (expired credential)"), bar);
    assertTrue(bar.contains("ETA ?"), bar);
  }

  @Test
  void totalsStillGrowingCarryAPlus() {
    String line = ProgressText.line(progress(MigrationState.RUNNING, null, false, 10 * MIB, 10), 0);
    assertTrue(line.startsWith("RUNNING 10.0% 10.0 MiB of 100.0 MiB+, 4.0 MiB/s, ETA 15s"), line);
  }

  @Test
  void inFlightBytesMoveTheBarBetweenRanges() {
    MigrationProgress p = progress(MigrationState.RUNNING, null, true, 0, 0);
    assertTrue(ProgressText.bar(p, 25 * MIB).contains("25.0% 25.0 MiB of 100.0 MiB"));
    // never beyond the known total, nor 100 % while objects are left
    assertTrue(ProgressText.line(p, 500 * MIB).contains("99.9% 100.0 MiB of 100.0 MiB"));
  }

  @Test
  void objectsLeftKeepThePercentBelowAHundred() {
    // 2,501 of 2,502 objects done, a large one still in flight: before, "100.0%".
    MigrationProgress p = progress(MigrationState.RUNNING, null, true, 10 * MIB, 10);
    MigrationProgress almost =
        new MigrationProgress(
            p.id(),
            p.state(),
            p.mode(),
            null,
            true,
            2502,
            p.bytesTotal(),
            2501,
            0,
            0,
            0,
            p.bytesCopied(),
            1,
            8,
            2501 * 100.0 / 2502,
            p.bytesPerSecond(),
            p.etaSeconds(),
            p.startedAt(),
            p.updatedAt());
    assertTrue(ProgressText.line(almost, 0).startsWith("RUNNING 99.9% 10.0 MiB of 100.0 MiB"));
  }

  @Test
  void aLiveSyncSaysItsPassTheLastOneAndWhenTheNextStarts() throws ReflectiveOperationException {
    MigrationProgress p =
        new MigrationProgress(
            "ferry-1",
            MigrationState.RUNNING,
            Mode.SYNC,
            null,
            true,
            50,
            391,
            0,
            50,
            0,
            2,
            0,
            0,
            8,
            100,
            0,
            0L,
            START,
            START.plusSeconds(30),
            null,
            null,
            false,
            3,
            3,
            new PassSummary(3, 1, 7, 2, 0, 1.5, START.plusSeconds(20)),
            false,
            false,
            START.plusSeconds(60),
            true,
            1,
            1,
            null,
            0);
    assertEquals(
        "RUNNING, pass 3 done (last pass: 1 changed, 2 deleted), next pass at"
            + " 2026-01-01T00:01:00Z 100.0% 0 B copied of 391 B, 0 B/s, ETA 0s, 0 copied, 50 skipped,"
            + " 0 failed, 2 deleted",
        ProgressText.line(p, 0));
    // Paused once the wait ended: the next pass waits for resume, and the last one is still done.
    MigrationProgress held = with(with(p, "state", MigrationState.PAUSED), "nextPassAt", null);
    assertTrue(
        ProgressText.line(held, 0)
            .startsWith("PAUSED, pass 3 done (last pass: 1 changed, 2 deleted) 100.0%"),
        ProgressText.line(held, 0));
  }

  @Test
  void aDryRunSaysWhatItWouldCopyNeverCopied() throws ReflectiveOperationException {
    MigrationProgress p =
        with(progress(MigrationState.COMPLETED, null, true, 80 * MIB, 100, 140), "dryRun", true);
    String line = ProgressText.line(p, 0);
    assertTrue(line.startsWith("COMPLETED 100.0% 80.0 MiB to copy of 100.0 MiB"), line);
    assertTrue(line.endsWith("would copy 100, skip 140, 0 failed"), line);
  }

  @Test
  void aPauseReasonShowsItsControlCharactersEscapedOnOneLine() {
    MigrationProgress p =
        progress(MigrationState.PAUSED, "line1\nline2\u001b[31mred", true, MIB, 1);
    String line = ProgressText.line(p, 0);
    assertTrue(line.startsWith("PAUSED (line1\\x0aline2\\x1b[31mred) "), line);
  }

  @Test
  void aDryRunSyncOverItsMaxDeleteSaysTheRealOneWouldPause() throws ReflectiveOperationException {
    MigrationProgress p =
        with(progress(MigrationState.COMPLETED, null, true, MIB, 1, 4), "dryRun", true);
    p = with(with(p, "mode", Mode.SYNC), "objectsDeleted", 5L);
    assertEquals(
        "dry run: would copy 100, skip 4, delete 5 (1.0 MiB); nothing was written",
        DryRunText.summary(p));
    String pause = "the real sync would pause before deleting: 5 deletes, --max-delete 2";
    assertEquals(
        "dry run: would copy 100, skip 4, delete 5 (1.0 MiB); nothing was written; " + pause,
        DryRunText.summary(with(p, "wouldPause", pause)));
    assertTrue(DryRunText.json(with(p, "wouldPause", pause)).contains("\"wouldPause\":\"" + pause));
  }

  /** {@code p} with every component the same but {@code name}, which is {@code value}. */
  private static MigrationProgress with(MigrationProgress p, String name, Object value)
      throws ReflectiveOperationException {
    RecordComponent[] components = MigrationProgress.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] =
          components[i].getName().equals(name) ? value : components[i].getAccessor().invoke(p);
    }
    return MigrationProgress.class.getDeclaredConstructor(types).newInstance(values);
  }
}
