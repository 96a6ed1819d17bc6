package dev.ferry.activities.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.KeyRange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The part one attempt of a range activity writes: its lines, kept in memory (one range, a few
 * thousand lines at most) and stored whole with the backend's ordinary put, which is atomic on
 * every backend (a file is renamed into place, an object appears complete). Storing again replaces
 * the part.
 */
public final class ReportPart {
  private static final ObjectMetadata JSONL =
      new ObjectMetadata("application/x-ndjson", java.util.Map.of());

  private final StorageBackend store;
  private final String key;
  private final byte[] header;
  private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
  private String lastLineKey;

  /**
   * A new, empty part of {@code step} over {@code range} of migration {@code migrationId}, stored
   * in {@code store} (the migration's report location).
   */
  public ReportPart(StorageBackend store, String migrationId, KeyRange range, String step) {
    this.store = Objects.requireNonNull(store, "store");
    this.key = ReportParts.partKey(range, step);
    this.header =
        json(
            new ReportParts.PartHeader(
                ReportParts.VERSION, migrationId, step, range.startAfter(), range.lastKey()));
  }

  /**
   * Takes over the lines of the part stored before (by an earlier attempt) whose keys are at most
   * {@code resumeAfter}: the ones that attempt decided before the point this attempt resumes from.
   * Range lines and later keys are dropped; this attempt decides those again.
   */
  public void carryOver(String resumeAfter) {
    lines.reset();
    lastLineKey = null;
    if (resumeAfter == null) {
      return;
    }
    try (PartLines earlier = new PartLines(store, key)) {
      for (ReportLine l = earlier.take(); l != null; l = earlier.take()) {
        if (!l.isRange() && KeyOrder.compare(l.key(), resumeAfter) <= 0) {
          add(l);
        }
      }
    } catch (NotFoundException e) {
      // no earlier part: the earlier attempt decided nothing it stored
    }
  }

  /** Appends a line. */
  public void add(ReportLine line) {
    byte[] bytes = json(line);
    lines.write(bytes, 0, bytes.length);
    lastLineKey = line.key() == null ? lastLineKey : line.key();
  }

  /** Drops every line: a range line about to be added stands for the whole range. */
  public void clear() {
    lines.reset();
    lastLineKey = null;
  }

  /** The key of the last line added, or null. */
  public String lastKey() {
    return lastLineKey;
  }

  /** Stores the part as it is now, replacing what was stored under its name. */
  public void store() {
    byte[] body = new byte[header.length + lines.size()];
    System.arraycopy(header, 0, body, 0, header.length);
    System.arraycopy(lines.toByteArray(), 0, body, header.length, lines.size());
    store.put(key, new ByteArrayInputStream(body), body.length, JSONL);
  }

  private static byte[] json(Object value) {
    try {
      return (ReportParts.JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
