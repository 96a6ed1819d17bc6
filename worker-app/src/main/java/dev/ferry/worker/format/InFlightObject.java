package dev.ferry.worker.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Byte-level progress of one transfer still in flight, read from a pending activity's heartbeat
 * details.
 *
 * <p>Parsing is deliberately tolerant: heartbeat details are JSON written by the activities, and
 * their shape may grow. A text field whose name mentions {@code key} names the object (one that
 * also says {@code current} wins); in every (nested) object the first number field mentioning
 * {@code offset} or {@code bytes} counts as bytes moved, and these are summed, so a range's
 * finished bytes and the current object's offset add up; a number mentioning {@code size} or {@code
 * total} is the object's size. Details without a byte count are ignored.
 *
 * @param activityType e.g. {@code CopyRange}
 * @param attempt the activity's current attempt, from 1
 * @param key the object or last key the heartbeat names, or null
 * @param bytes bytes moved so far and not yet counted by the workflow
 * @param size the object's size, or -1 when unknown
 */
public record InFlightObject(String activityType, int attempt, String key, long bytes, long size) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses the JSON heartbeat details of one pending activity; empty when they carry no bytes. */
  public static Optional<InFlightObject> parse(
      String activityType, int attempt, List<String> jsonDetails) {
    String key = null;
    String currentKey = null;
    long bytes = 0;
    boolean anyBytes = false;
    long size = -1;
    for (String json : jsonDetails) {
      JsonNode node;
      try {
        node = JSON.readTree(json);
      } catch (IOException e) {
        continue;
      }
      List<JsonNode> objects = new ArrayList<>();
      collectObjects(node, objects, 0);
      for (JsonNode object : objects) {
        boolean bytesOfThisObject = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          String name = field.getKey().toLowerCase(Locale.ROOT);
          JsonNode value = field.getValue();
          if (value.isTextual() && name.contains("key")) {
            if (name.contains("current") && currentKey == null) {
              currentKey = value.asText();
            } else if (key == null) {
              key = value.asText();
            }
          } else if (value.isIntegralNumber()) {
            if ((name.contains("offset") || name.contains("bytes")) && !bytesOfThisObject) {
              bytes += Math.max(0, value.asLong());
              bytesOfThisObject = true;
              anyBytes = true;
            } else if ((name.contains("size") || name.contains("total")) && size < 0) {
              size = value.asLong();
            }
          }
        }
      }
    }
    if (!anyBytes) {
      return Optional.empty();
    }
    return Optional.of(
        new InFlightObject(
            activityType, attempt, currentKey != null ? currentKey : key, bytes, size));
  }

  /**
   * One line for {@code status}, e.g. {@code big.bin: 1.2 GiB of 50.0 GiB (CopyRange, attempt 1)}.
   */
  public String describe() {
    return (key == null ? "(range)" : key)
        + ": "
        + Units.bytes(bytes)
        + (size >= 0 ? " of " + Units.bytes(size) : "")
        + " ("
        + activityType
        + ", attempt "
        + attempt
        + ")";
  }

  private static void collectObjects(JsonNode node, List<JsonNode> out, int depth) {
    if (depth > 4) {
      return;
    }
    if (node.isObject()) {
      out.add(node);
      node.elements().forEachRemaining(child -> collectObjects(child, out, depth + 1));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectObjects(child, out, depth + 1));
    }
  }
}
