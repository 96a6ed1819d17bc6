package dev.ferry.activities.report;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of one migration's report, grouped by range and ordered by key. Holds one small entry
 * per part (its name and range bounds), never a part's lines.
 */
final class PartIndex {
  private static final int PAGE = 1000;

  /** One range's parts by step. */
  record RangeParts(String startAfter, String lastKey, Map<String, String> partsByStep) {}

  private PartIndex() {}

  /** Reads every part's header under {@code store} and orders the ranges by their last key. */
  static List<RangeParts> read(StorageBackend store) {
    Map<String, RangeParts> byLastKey = new TreeMap<>(KeyOrder.COMPARATOR);
    String after = null;
    ListPage page;
    do {
      page = store.list(after, null, PAGE);
      for (ObjectInfo o : page.objects()) {
        if (ReportParts.isPart(o.key())) {
          ReportParts.PartHeader h = header(store, o.key());
          if (h != null) {
            byLastKey
                .computeIfAbsent(
                    h.lastKey(), k -> new RangeParts(h.startAfter(), k, new LinkedHashMap<>()))
                .partsByStep()
                .put(h.step(), o.key());
          }
        }
      }
      after = page.lastKey();
    } while (page.truncated() && after != null);
    List<RangeParts> ranges = new ArrayList<>(byLastKey.values());
    ranges.sort(Comparator.comparing(RangeParts::lastKey, KeyOrder.COMPARATOR));
    return ranges;
  }

  /** The header of part {@code key}, or null when it is not a report part. */
  private static ReportParts.PartHeader header(StorageBackend store, String key) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(store.open(key), StandardCharsets.UTF_8))) {
      String first = in.readLine();
      if (first == null || !first.contains("\"ferryReportPart\"")) {
        return null;
      }
      ReportParts.PartHeader h = ReportParts.JSON.readValue(first, ReportParts.PartHeader.class);
      return h.lastKey() == null || h.step() == null ? null : h;
    } catch (IOException e) {
      throw new UncheckedIOException("reading report part " + key + ": " + e.getMessage(), e);
    } catch (StorageException e) {
      throw new UncheckedIOException(
          new IOException("reading report part " + key + ": " + e.getMessage(), e));
    }
  }
}
