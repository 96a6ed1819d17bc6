package dev.ferry.worker.format;

import dev.ferry.activities.storage.BackendOption;
import dev.ferry.activities.storage.BackendType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code ferry backends} prints: each backend type with its profile options. */
public final class BackendsText {
  private BackendsText() {}

  /**
   * One block per type: its name and description, then one line per option with its default or
   * whether it is required, whether it is secret, and its help.
   */
  public static String text(List<BackendType> types) {
    StringBuilder out = new StringBuilder();
    for (BackendType type : types) {
      out.append(type.name()).append(": ").append(type.description()).append('\n');
      if (type.options().isEmpty()) {
        out.append("  (no options)\n");
      }
      int width = type.options().stream().mapToInt(o -> o.name().length()).max().orElse(0);
      for (BackendOption option : type.options()) {
        out.append("  ").append(option.name());
        out.append(" ".repeat(width - option.name().length() + 2));
        out.append(option.help());
        List<String> notes = notes(option);
        if (!notes.isEmpty()) {
          out.append(" [").append(String.join(", ", notes)).append(']');
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** The types as JSON-ready maps: name, description, options (name, kind, help, ...). */
  public static List<Map<String, Object>> json(List<BackendType> types) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (BackendType type : types) {
      List<Map<String, Object>> options = new ArrayList<>();
      for (BackendOption option : type.options()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", option.name());
        o.put("kind", option.kind().name().toLowerCase(Locale.ROOT));
        o.put("help", option.help());
        o.put("default", defaultText(option));
        o.put("required", option.required());
        o.put("secret", option.secret());
        if (!option.choices().isEmpty()) {
          o.put("choices", option.choices());
        }
        options.add(o);
      }
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("type", type.name());
      t.put("description", type.description());
      t.put("locations", type.shape().name().toLowerCase(Locale.ROOT));
      t.put("options", options);
      all.add(t);
    }
    return all;
  }

  private static List<String> notes(BackendOption option) {
    List<String> notes = new ArrayList<>();
    if (option.required()) {
      notes.add("required");
    }
    String def = defaultText(option);
    if (def != null) {
      notes.add("default " + def);
    }
    if (option.secret()) {
      notes.add("secret: use ${ENV_VAR}");
    }
    return notes;
  }

  /** The default as a person writes it in ferry.yaml: sizes in MiB where they divide. */
  private static String defaultText(BackendOption option) {
    Object value = option.defaultValue();
    if (value == null) {
      return null;
    }
    if (option.kind() == BackendOption.Kind.SIZE && value instanceof Long n && n > 0) {
      return n % (1L << 20) == 0 ? (n >> 20) + "MiB" : n.toString();
    }
    return value instanceof Path p ? p.toString() : value.toString();
  }
}
