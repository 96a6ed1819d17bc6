package dev.ferry.worker.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a bucket holds, read independently of ferry: per key its size, SHA-256 of the bytes read
 * back, content type and user metadata.
 */
record Manifest(SortedMap<String, Entry> entries) {
  /** One object as read back from the server. */
  record Entry(long size, String sha256, String contentType, Map<String, String> userMetadata) {}

  Manifest {
    entries = new TreeMap<>(entries);
  }

  int size() {
    return entries.size();
  }

  long bytes() {
    return entries.values().stream().mapToLong(Entry::size).sum();
  }

  /** What a comparison looks at. */
  enum Compare {
    /** Keys, sizes and SHA-256 of the bytes. */
    BYTES,
    /** Content type, and every user metadata entry of the expected side (extra ones allowed). */
    METADATA
  }

  /**
   * Differences from {@code expected}, at most {@code limit} lines: missing, unexpected, and
   * changed objects. Empty when both hold the same keys with the same bytes or metadata.
   */
  List<String> differencesFrom(Manifest expected, Compare compare, int limit) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Entry> e : expected.entries.entrySet()) {
      Entry actual = entries.get(e.getKey());
      Entry wanted = e.getValue();
      if (actual == null) {
        out.add("missing " + e.getKey());
      } else if (compare == Compare.BYTES
          ? actual.size() != wanted.size() || !actual.sha256().equals(wanted.sha256())
          : !Objects.equals(actual.contentType(), wanted.contentType())
              || !actual.userMetadata().entrySet().containsAll(wanted.userMetadata().entrySet())) {
        out.add("differs " + e.getKey() + ": expected " + wanted + ", got " + actual);
      }
    }
    for (String key : entries.keySet()) {
      if (!expected.entries.containsKey(key)) {
        out.add("unexpected " + key);
      }
    }
    return out.size() > limit ? out.subList(0, limit) : out;
  }
}
