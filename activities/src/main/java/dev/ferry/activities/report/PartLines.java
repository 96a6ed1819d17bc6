package dev.ferry.activities.report;

import dev.ferry.activities.storage.StorageBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The lines of one part, read one at a time after its header; {@link #peek} looks ahead one. */
final class PartLines implements AutoCloseable {
  private final String key;
  private final BufferedReader in;
  private ReportLine next;

  PartLines(StorageBackend store, String key) {
    this.key = key;
    this.in = new BufferedReader(new InputStreamReader(store.open(key), StandardCharsets.UTF_8));
    readLine(); // the header
    next = readLine();
  }

  /** The next line, or null at the end. */
  ReportLine peek() {
    return next;
  }

  /** Returns the next line and reads the one after it. */
  ReportLine take() {
    ReportLine taken = next;
    next = readLine();
    return taken;
  }

  private ReportLine readLine() {
    try {
      String text;
      do {
        text = in.readLine();
      } while (text != null && text.isBlank());
      return text == null ? null : ReportParts.JSON.readValue(text, ReportLine.class);
    } catch (IOException e) {
      throw new UncheckedIOException("reading report part " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // read-only stream: nothing was lost
    }
  }
}
