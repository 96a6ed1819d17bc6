package dev.ferry.worker.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;

/** The JSON the CLI prints: record field names as they are, instants as ISO-8601 strings. */
public final class JsonOutput {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(
              new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

  private JsonOutput() {}

  /** {@code value} as one JSON object on one line, with field {@code name} added last. */
  public static String writeWith(Object value, String name, long extra) {
    try {
      ObjectNode node = MAPPER.valueToTree(value);
      node.put(name, extra);
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** One JSON object on one line. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
