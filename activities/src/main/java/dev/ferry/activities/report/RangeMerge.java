package dev.ferry.activities.report;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.StorageBackend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The lines of one range's parts merged into one sequence: range lines first, then by key, and for
 * one key copy before verify before delete. Each part is read as a stream, a line at a time.
 */
final class RangeMerge implements Iterator<ReportLine>, AutoCloseable {
  static final Comparator<ReportLine> ORDER =
      Comparator.comparing(
              ReportLine::key,
              Comparator.nullsFirst((String a, String b) -> KeyOrder.compare(a, b)))
          .thenComparingInt(l -> ReportParts.stepOrder(l.step()));

  private final List<PartLines> parts = new ArrayList<>();

  RangeMerge(StorageBackend store, PartIndex.RangeParts range) {
    try {
      for (String step : ReportParts.STEPS) {
        String key = range.partsByStep().get(step);
        if (key != null) {
          parts.add(new PartLines(store, key));
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public boolean hasNext() {
    for (PartLines p : parts) {
      if (p.peek() != null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ReportLine next() {
    PartLines least = null;
    for (PartLines p : parts) {
      if (p.peek() != null && (least == null || ORDER.compare(p.peek(), least.peek()) < 0)) {
        least = p;
      }
    }
    if (least == null) {
      throw new NoSuchElementException();
    }
    return least.take();
  }

  @Override
  public void close() {
    parts.forEach(PartLines::close);
  }
}
