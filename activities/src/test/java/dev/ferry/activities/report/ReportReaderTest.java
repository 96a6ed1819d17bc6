package dev.ferry.activities.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.workflows.KeyRange;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parts stored in a real directory, merged and folded into outcomes as the counters count. */
class ReportReaderTest {
  private static final KeyRange FIRST = new KeyRange(null, "b", 2, 20);
  private static final KeyRange SECOND = new KeyRange("b", "d", 2, 20);

  @TempDir Path dir;
  private StorageBackend store;

  @BeforeEach
  void setUp() {
    store = FileSystemBackend.create(dir);
  }

  @Test
  void rangesComeInKeyOrderWhateverOrderTheirPartsWereWrittenIn() {
    part(
        SECOND, ReportLine.COPY, line("d", ReportLine.COPY, "copied"), line("c", "copy", "copied"));
    part(
        FIRST, ReportLine.VERIFY, line("a", "verify", "verified"), line("b", "verify", "verified"));
    part(FIRST, ReportLine.COPY, line("b", "copy", "skipped"), line("a", "copy", "copied"));

    try (Stream<ReportLine> lines = ReportReader.of(store).lines()) {
      assertEquals(
          List.of("a copy", "a verify", "b copy", "b verify", "c copy", "d copy"),
          lines.map(l -> l.key() + " " + l.step()).toList());
    }
    ReportTotals t = ReportReader.of(store).totals();
    assertEquals(
        List.of(3L, 1L, 0L, 2L), List.of(t.copied(), t.skipped(), t.failed(), t.verified()));
  }

  @Test
  void aRejectionByVerifyOrDeleteMakesTheObjectFailedOnly() {
    part(FIRST, ReportLine.COPY, line("a", "copy", "copied"), line("b", "copy", "copied"));
    part(FIRST, ReportLine.VERIFY, line("a", "verify", "verified"), line("b", "verify", "failed"));
    part(FIRST, ReportLine.DELETE, line("a", "delete", "deleted"));

    ReportTotals t = ReportReader.of(store).totals();
    assertEquals(
        List.of(1L, 0L, 1L, 1L), List.of(t.copied(), t.skipped(), t.failed(), t.deleted()));
    try (Stream<String> keys = ReportReader.of(store).failedKeys()) {
      assertEquals(List.of("b"), keys.toList());
    }
  }

  @Test
  void aStepThatFailedWholeFailsWhatItWasToCheck() {
    // Copy counted a copied and b skipped; verify ran out of retries: both fail.
    part(FIRST, ReportLine.COPY, line("a", "copy", "copied"), line("b", "copy", "skipped"));
    part(FIRST, ReportLine.VERIFY, rangeLine(FIRST, "verify", 2, 1L, 1L));
    // Copy of the second range ran out of retries: its two objects fail, unnamed.
    part(SECOND, ReportLine.COPY, rangeLine(SECOND, "copy", 2, null, null));

    ReportTotals t = ReportReader.of(store).totals();
    assertEquals(List.of(0L, 0L, 4L), List.of(t.copied(), t.skipped(), t.failed()));
    try (Stream<String> keys = ReportReader.of(store).failedKeys()) {
      assertEquals(List.of("a", "b"), keys.toList());
    }
  }

  @Test
  void aCopyTheDestinationCheckedOnArrivalCountsVerified() {
    // Before: "0 verified" for a copy into S3, whose checks leave no verify line.
    part(
        FIRST,
        ReportLine.COPY,
        line("a", "copy", "copied", ReportLine.ON_ARRIVAL),
        line("b", "copy", "copied"));
    part(FIRST, ReportLine.VERIFY, line("b", "verify", "verified"));

    ReportTotals t = ReportReader.of(store).totals();
    assertEquals(List.of(2L, 2L), List.of(t.copied(), t.verified()));
  }

  @Test
  void aCopyCheckedOnArrivalThatVerifyFailedIsNotVerified() {
    // An audit's move: the store checked each copy, then verify found 79 sources changed; the
    // summary said "2000 verified" beside 1,921 verified lines.
    part(
        FIRST,
        ReportLine.COPY,
        line("a", "copy", "copied", ReportLine.ON_ARRIVAL),
        line("b", "copy", "copied", ReportLine.ON_ARRIVAL));
    part(FIRST, ReportLine.VERIFY, line("a", "verify", "verified"), line("b", "verify", "failed"));

    ReportTotals t = ReportReader.of(store).totals();
    assertEquals(List.of(1L, 1L, 1L), List.of(t.copied(), t.failed(), t.verified()));
  }

  @Test
  void aRetryKeepsTheLinesBeforeItsCursorAndReplacesThePart() {
    part(FIRST, ReportLine.COPY, line("a", "copy", "copied"), line("b", "copy", "failed"));
    ReportPart retry = new ReportPart(store, "m", FIRST, ReportLine.COPY);
    retry.carryOver("a");
    retry.add(line("b", "copy", "copied"));
    retry.store();

    try (Stream<ReportLine> lines = ReportReader.of(store).lines()) {
      assertEquals(
          List.of("a copied", "b copied"), lines.map(l -> l.key() + " " + l.action()).toList());
    }
  }

  private void part(KeyRange range, String step, ReportLine... lines) {
    ReportPart part = new ReportPart(store, "m", range, step);
    for (ReportLine l : lines) {
      part.add(l);
    }
    part.store();
  }

  private static ReportLine line(String key, String step, String action) {
    return line(key, step, action, null);
  }

  private static ReportLine line(String key, String step, String action, String verifyMethod) {
    return new ReportLine(
        key,
        step,
        action,
        10L,
        null,
        null,
        null,
        null,
        verifyMethod,
        1,
        "w",
        "t",
        null,
        action.equals("failed") ? "boom" : null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static ReportLine rangeLine(
      KeyRange r, String step, long objects, Long rejectsCopied, Long rejectsSkipped) {
    return new ReportLine(
        null,
        step,
        "failed",
        null,
        null,
        null,
        null,
        null,
        null,
        6,
        "w",
        "t",
        "RANGE_FAILED",
        "out of retries",
        null,
        r.describe(),
        r.startAfter(),
        r.lastKey(),
        objects,
        rejectsCopied,
        rejectsSkipped);
  }
}
