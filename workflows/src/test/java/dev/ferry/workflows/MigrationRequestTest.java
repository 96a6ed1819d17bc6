package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationRequestTest {
  private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  private static <T> T roundTrip(T value, Class<T> type) {
    Optional<Payloads> p = CONVERTER.toPayloads(value);
    return CONVERTER.fromPayloads(0, p, type, type);
  }

  @Test
  void survivesTheWireWithAndWithoutCheckpoint() {
    MigrationRequest plain = MigrationRequest.of("src:b/in", "archive:/x");
    assertEquals(plain, roundTrip(plain, MigrationRequest.class));
    assertNull(roundTrip(plain, MigrationRequest.class).checkpoint());
    MigrationCheckpoint c =
        new MigrationCheckpoint(
            MigrationState.PAUSED,
            "why",
            "k9",
            false,
            10,
            100,
            3,
            2,
            1,
            0,
            30,
            60,
            7,
            0,
            5L,
            2,
            List.of(new ObjectFailure("k1", "NOT_FOUND", "gone", 1)),
            true);
    MigrationRequest carried = plain.withMaxHistoryEvents(500).withCheckpoint(c);
    assertEquals(carried, roundTrip(carried, MigrationRequest.class));
  }

  @Test
  void defaultsFillMissingFields() {
    MigrationRequest r =
        new MigrationRequest(
            "a:b", "c:d", null, 1, null, 0, null, null, null, null, false, 1, 1, false);
    assertEquals(Mode.COPY, r.mode());
    assertEquals(Verification.CHECKSUM, r.verification());
    assertEquals(IfExists.SKIP_IDENTICAL, r.ifExists());
    assertEquals(MigrationRequest.DEFAULT_MAX_HISTORY_EVENTS, r.maxHistoryEvents());
  }

  @Test
  void moveVerifiesAtLeastSizes() {
    MigrationRequest r =
        new MigrationRequest(
            "a:b",
            "c:d",
            Mode.MOVE,
            1,
            Verification.NONE,
            0,
            null,
            null,
            null,
            null,
            false,
            1,
            1,
            false);
    assertEquals(Verification.SIZE, r.effectiveVerification());
  }

  @Test
  void summaryNamesModeAndLocations() {
    assertEquals(
        "copy src:b/in -> archive:/x",
        MigrationSummaries.workflowSummary(MigrationRequest.of("src:b/in", "archive:/x")));
    assertEquals("40.0 MiB", MigrationSummaries.bytes(40L * 1024 * 1024));
    assertEquals(
        "copy 128 objects, 40.0 MiB",
        MigrationSummaries.rangeSummary("copy", 128, 40L * 1024 * 1024));
  }
}
