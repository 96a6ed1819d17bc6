package dev.ferry.worker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EtaCountdownTest {
  private static final long SECOND = 1_000_000_000L;

  private static MigrationProgress answer(Long eta, Instant updatedAt) {
    return new MigrationProgress(
        "x",
        MigrationState.RUNNING,
        Mode.COPY,
        null,
        true,
        10,
        1000,
        2,
        0,
        0,
        0,
        200,
        1,
        8,
        20.0,
        50.0,
        eta,
        Instant.EPOCH,
        updatedAt);
  }

  @Test
  void theSameAnswerCountsDownByTheWatchersClock() {
    EtaCountdown countdown = new EtaCountdown();
    Instant t = Instant.parse("2026-12-05T00:00:10Z");
    assertEquals(19L, countdown.applyTo(answer(19L, t), 100 * SECOND).etaSeconds());
    assertEquals(19L, countdown.applyTo(answer(19L, t), 100 * SECOND + SECOND / 2).etaSeconds());
    assertEquals(14L, countdown.applyTo(answer(19L, t), 105 * SECOND).etaSeconds());
    assertEquals(1L, countdown.applyTo(answer(19L, t), 200 * SECOND).etaSeconds(), "never 0");
  }

  @Test
  void aSingleLookCountsDownSinceTheLastChange() {
    Instant t = Instant.parse("2026-12-05T00:00:10Z");
    assertEquals(19L, EtaCountdown.sinceUpdate(answer(19L, t), t).etaSeconds());
    assertEquals(12L, EtaCountdown.sinceUpdate(answer(19L, t), t.plusSeconds(7)).etaSeconds());
    assertEquals(1L, EtaCountdown.sinceUpdate(answer(19L, t), t.plusSeconds(90)).etaSeconds());
    assertEquals(
        19L,
        EtaCountdown.sinceUpdate(answer(19L, t), t.minusSeconds(30)).etaSeconds(),
        "a clock behind the workflow's subtracts nothing");
    assertNull(EtaCountdown.sinceUpdate(answer(null, t), t.plusSeconds(7)).etaSeconds());
  }

  @Test
  void aNewAnswerStartsOver() {
    EtaCountdown countdown = new EtaCountdown();
    Instant t = Instant.parse("2026-12-05T00:00:10Z");
    countdown.applyTo(answer(19L, t), 0);
    assertEquals(12L, countdown.applyTo(answer(12L, t.plusSeconds(6)), 6 * SECOND).etaSeconds());
    assertEquals(9L, countdown.applyTo(answer(12L, t.plusSeconds(6)), 9 * SECOND).etaSeconds());
  }

  @Test
  void anUnknownOrFinishedEtaStaysAsItIs() {
    EtaCountdown countdown = new EtaCountdown();
    assertNull(countdown.applyTo(answer(null, Instant.EPOCH), 0).etaSeconds());
    assertEquals(0L, countdown.applyTo(answer(0L, Instant.EPOCH), SECOND).etaSeconds());
    MigrationProgress p = answer(30L, Instant.EPOCH);
    assertEquals(50.0, countdown.applyTo(p, 2 * SECOND).bytesPerSecond());
  }
}
