package dev.ferry.worker.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.worker.common.BadInputException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The keys of one {@code --files-from} file: one key per line, exactly as written (spaces and all;
 * lines end at LF, and a CR before it is dropped), or the JSON lines of a ferry report, whose
 * {@code key} fields are the keys, kept when their {@code action} is one of the wanted ones. A file
 * whose first line starts with <code>{</code> is JSON lines. Any bad line is refused with the
 * file's name and the line's number, before anything is written.
 */
final class KeyLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Set<String> actions;
  private Boolean json;
  private long line;
  private long unnamed;

  /**
   * @param name the file as the user named it, for messages
   * @param actions the report actions whose keys to keep; empty keeps every line
   */
  KeyLines(String name, Set<String> actions) {
    this.name = name;
    this.actions = actions;
  }

  /** Reads every line of {@code in}, handing each key to {@code keys}. */
  void read(InputStream in, Consumer<String> keys) {
    try (InputStream buffered = new BufferedInputStream(in, 1 << 16)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int b;
      while ((b = buffered.read()) != -1) {
        if (b == '\n') {
          take(bytes, keys);
          bytes.reset();
        } else {
          bytes.write(b);
        }
      }
      if (bytes.size() > 0) {
        take(bytes, keys);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read --files-from " + name, e);
    }
  }

  private void take(ByteArrayOutputStream bytes, Consumer<String> keys) {
    line++;
    byte[] raw = bytes.toByteArray();
    int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
    String text = decode(raw, length);
    if (json == null) {
      json = text.startsWith("{");
      if (!json && !actions.isEmpty()) {
        throw refuse(
            "holds plain keys, which have no action to filter on",
            "drop --files-from-action, or pass a report's JSON lines");
      }
    }
    String key = json ? fromJson(text) : text;
    if (key == null) {
      return;
    }
    if (key.isEmpty()) {
      throw refuse(
          "has an empty key",
          (json ? "remove the line or give its \"key\" a value" : "remove the empty line")
              + "; a key has at least one character");
    }
    keys.accept(key);
  }

  /** The line's key, or null when its action is not wanted. */
  private String fromJson(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // Not Jackson's words ("Unrecognized token ... was expecting (JSON String, ...)"): where.
      String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      throw refuse(
          "is not valid JSON" + where,
          "the first line starts with '{', so every line is read as a JSON object; fix the line");
    }
    if (node == null || !node.isObject()) {
      throw refuse("is not a JSON object", "give every line as a JSON object with a \"key\"");
    }
    if (node.has("ferryReportPart")) {
      return null; // the header of a report part, naming its range
    }
    JsonNode key = node.get("key");
    boolean rangeLine = (key == null || key.isNull()) && node.has("range");
    if (!rangeLine && (key == null || !key.isTextual())) {
      throw refuse("has no \"key\" string", "give every line a \"key\" field");
    }
    if (!wanted(node)) {
      return null;
    }
    if (rangeLine) {
      unnamed++; // a step that failed a whole range could not name its keys
      return null;
    }
    return key.asText();
  }

  private boolean wanted(JsonNode node) {
    if (actions.isEmpty()) {
      return true;
    }
    JsonNode action = node.get("action");
    if (action == null || !action.isTextual()) {
      throw refuse("has no \"action\" string", "drop --files-from-action, or fix the line");
    }
    return actions.contains(action.asText());
  }

  /** How many wanted report lines stood for a whole range, naming no keys. */
  long unnamed() {
    return unnamed;
  }

  private String decode(byte[] raw, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw refuse("is not UTF-8", "write the keys in UTF-8 (or as a report's JSON lines)");
    }
  }

  private BadInputException refuse(String problem, String fix) {
    return new BadInputException("--files-from " + name + " line " + line + " " + problem, fix);
  }
}
