package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationState;
import java.util.List;

/** The checks every completed scenario makes, on ferry's counters and on the bytes themselves. */
final class Outcome {
  private Outcome() {}

  /**
   * A completed MOVE: every source object is at the destination with the same bytes and metadata
   * (read back independently), the source is empty, and the counters add up exactly.
   */
  static void assertMoved(Scenario s, Manifest source, MigrationReport report) {
    assertCounters(source, report);
    assertEquals(source.size(), report.progress().objectsDeleted(), "objectsDeleted");
    assertSameBytes(s, source);
    List<String> left = s.source().keys(s.sourceBucket());
    assertTrue(left.isEmpty(), "source not empty after MOVE: " + head(left));
  }

  /** A completed COPY: like a MOVE, but the source stays as it was. */
  static void assertCopied(Scenario s, Manifest source, MigrationReport report) {
    assertCounters(source, report);
    assertEquals(0, report.progress().objectsDeleted(), "objectsDeleted");
    assertSameBytes(s, source);
    assertEquals(source.size(), s.source().keys(s.sourceBucket()).size(), "source objects");
  }

  /** The destination holds exactly the keys of {@code expected}, byte for byte (SHA-256). */
  static void assertSameBytes(Scenario s, Manifest expected) {
    Manifest destination = s.destination().read(s.destinationBucket());
    List<String> diff = destination.differencesFrom(expected, Manifest.Compare.BYTES, 20);
    assertTrue(diff.isEmpty(), "destination bytes differ:\n" + String.join("\n", diff));
  }

  /**
   * Every object carried its content type and user metadata over (invariant 3). Checked last in
   * each scenario, after the bytes and counters, so a metadata bug does not hide the rest.
   */
  static void assertMetadataCarried(Scenario s, Manifest expected) {
    Manifest destination = s.destination().read(s.destinationBucket());
    List<String> diff = destination.differencesFrom(expected, Manifest.Compare.METADATA, 5);
    assertTrue(
        diff.isEmpty(),
        "content type / user metadata not carried over:\n" + String.join("\n", diff));
  }

  private static void assertCounters(Manifest source, MigrationReport report) {
    MigrationProgress p = report.progress();
    String where = " in " + p;
    assertEquals(MigrationState.COMPLETED, p.state(), "state" + where);
    assertTrue(p.listingComplete(), "listingComplete" + where);
    assertEquals(source.size(), p.objectsTotal(), "objectsTotal" + where);
    assertEquals(source.bytes(), p.bytesTotal(), "bytesTotal" + where);
    assertEquals(0, p.objectsFailed(), "objectsFailed" + where);
    assertEquals(
        p.objectsTotal(), p.objectsCopied() + p.objectsSkipped(), "copied+skipped" + where);
    assertEquals(0, p.inFlight(), "inFlight" + where);
  }

  private static List<String> head(List<String> keys) {
    return keys.subList(0, Math.min(10, keys.size()));
  }
}
