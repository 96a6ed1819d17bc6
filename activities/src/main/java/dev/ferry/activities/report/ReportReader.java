package dev.ferry.activities.report;

import dev.ferry.activities.storage.StorageBackend;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads one migration's report: its parts merged in key order, streamed a part at a time, so a
 * report of any size is read in the memory of one range (at most a few thousand objects).
 *
 * <p>Open it on the migration's report location ({@link ReportParts#location}). Close the streams
 * it returns (try-with-resources): each holds the open parts of the range being read.
 *
 * <pre>{@code
 * try (Stream<String> keys = ReportReader.of(store).failedKeys()) {
 *   keys.forEach(System.out::println);
 * }
 * }</pre>
 */
public final class ReportReader {
  private final StorageBackend store;
  private List<PartIndex.RangeParts> ranges;

  private ReportReader(StorageBackend store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** A reader of the report stored in {@code store}, a migration's report location. */
  public static ReportReader of(StorageBackend store) {
    return new ReportReader(store);
  }

  /** Whether the report has any part: some range activity wrote to it. */
  public boolean isEmpty() {
    return ranges().isEmpty();
  }

  /** Every line of every part, ranges in key order, within a range by key and step. */
  public Stream<ReportLine> lines() {
    return ranges().stream().flatMap(this::linesOf);
  }

  /** One outcome per object (or per range a failed step could not name keys of), in key order. */
  public Stream<ObjectOutcome> outcomes() {
    return ranges().stream()
        .flatMap(
            r -> {
              try (RangeMerge merge = new RangeMerge(store, r)) {
                return OutcomeFolder.fold(merge).stream();
              }
            });
  }

  /** The outcomes that are failures, in key order: every failure, each with its reason. */
  public Stream<ObjectOutcome> failures() {
    return outcomes().filter(ObjectOutcome::failed);
  }

  /**
   * The keys of failed objects, in key order: what a re-drive should migrate again. A range whose
   * copy failed as a whole names no keys; see {@link #failures} for its bounds.
   */
  public Stream<String> failedKeys() {
    return failures().map(ObjectOutcome::key).filter(Objects::nonNull);
  }

  /** Totals over all outcomes, equal to the migration's progress counters. */
  public ReportTotals totals() {
    long[] t = new long[8];
    boolean[] dryRun = {false};
    try (Stream<ObjectOutcome> all = outcomes()) {
      all.forEach(
          o -> {
            switch (o.outcome()) {
              case ReportLine.COPIED, ReportLine.WOULD_COPY -> t[0] += o.count();
              case ReportLine.SKIPPED -> t[1] += o.count();
              default -> t[2] += o.count();
            }
            boolean dry = Boolean.TRUE.equals(o.line().dryRun());
            dryRun[0] |= dry;
            if (o.deleted()) {
              t[dry ? 6 : 3]++;
            }
            t[4] += o.verified() ? 1 : 0;
            t[5] += o.bytesCopied();
            t[7] += ReportLine.KEPT.equals(o.outcome()) ? 1 : 0;
          });
    }
    return new ReportTotals(t[0], t[1], t[2], t[3], t[4], t[5], dryRun[0], t[6], t[7]);
  }

  private Stream<ReportLine> linesOf(PartIndex.RangeParts range) {
    RangeMerge merge = new RangeMerge(store, range);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(merge, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(merge::close);
  }

  private List<PartIndex.RangeParts> ranges() {
    if (ranges == null) {
      ranges = PartIndex.read(store);
    }
    return ranges;
  }
}
