package dev.ferry.activities.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.KeyRange;
import dev.ferry.workflows.MigrationRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
  private final List<ReportLine> lines = new ArrayList<>();

  /**
   * A new, empty part of {@code step} over {@code range} of migration {@code migrationId}, stored
   * in {@code store} (the migration's report location).
   */
  public ReportPart(StorageBackend store, String migrationId, KeyRange range, String step) {
    this(store, migrationId, range, step, null, 0);
  }

  /**
   * A new, empty part as above, whose header also names what {@code request} migrates (so that a
   * part read alone says what its keys are relative to) and, above 0, the live {@code pass}.
   */
  public ReportPart(
      StorageBackend store,
      String migrationId,
      KeyRange range,
      String step,
      MigrationRequest request,
      int pass) {
    this.store = Objects.requireNonNull(store, "store");
    this.key = ReportParts.partKey(range, step);
    this.header =
        json(
            new ReportParts.PartHeader(
                ReportParts.VERSION,
                migrationId,
                step,
                range.startAfter(),
                range.lastKey(),
                request == null ? null : request.source(),
                request == null ? null : request.destination(),
                request == null ? null : request.mode().name().toLowerCase(Locale.ROOT),
                pass > 0 ? pass : null));
  }

  /**
   * Takes over the lines of the part stored before (by an earlier attempt) whose keys are at most
   * {@code resumeAfter}: the ones that attempt decided before the point this attempt resumes from.
   * Range lines and later keys are dropped; this attempt decides those again.
   */
  public void carryOver(String resumeAfter) {
    lines.clear();
    if (resumeAfter == null) {
      return;
    }
    try (PartLines earlier = new PartLines(store, key)) {
      for (ReportLine l = earlier.take(); l != null; l = earlier.take()) {
        if (!l.namesRange() && KeyOrder.compare(l.key(), resumeAfter) <= 0) {
          add(l);
        }
      }
    } catch (NotFoundException e) {
      // no earlier part: the earlier attempt decided nothing it stored
    }
  }

  /** Adds a line. */
  public void add(ReportLine line) {
    lines.add(line);
  }

  /** Drops every line: a range line about to be added stands for the whole range. */
  public void clear() {
    lines.clear();
  }

  /**
   * Stores the part as it is now, its lines in the reader's order (by key, then step), replacing
   * what was stored under its name.
   */
  public void store() {
    lines.sort(RangeMerge.ORDER); // stable: one key's lines of one step keep their order
    ByteArrayOutputStream body = new ByteArrayOutputStream(header.length + 256 * lines.size());
    body.writeBytes(header);
    for (ReportLine l : lines) {
      body.writeBytes(json(l));
    }
    store.put(key, new ByteArrayInputStream(body.toByteArray()), body.size(), JSONL);
  }

  private static byte[] json(Object value) {
    try {
      return (ReportParts.JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
