package dev.ferry.activities.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.activities.storage.BackendOption;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.IoReasons;
import dev.ferry.activities.storage.registry.BackendRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code ferry.yaml}: YAML tree, {@code ${VAR}} interpolation of values (by {@link
 * ConfigVariables}), validation. Messages name the file and the key, never a value that may be
 * secret.
 */
final class ConfigParser {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(|B|K|KB|KiB|M|MB|MiB|G|GB|GiB)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(|ms|s|m)", Pattern.CASE_INSENSITIVE);
  private static final Set<String> TOP_KEYS = Set.of("temporal", "backends");
  private static final Set<String> TEMPORAL_KEYS =
      Set.of("target", "namespace", "taskQueue", "tlsCert", "tlsKey", "tlsCa", "apiKey");

  private final Path file;
  private final ConfigVariables variables;
  private final Map<String, String> unusable = new LinkedHashMap<>();

  ConfigParser(Path file, UnaryOperator<String> env) {
    this.file = file.toAbsolutePath().normalize();
    this.variables = new ConfigVariables(this.file, env);
  }

  FerryConfig parse() {
    try {
      return parseTree();
    } catch (ConfigVariables.Unset e) {
      throw e.problem;
    }
  }

  private FerryConfig parseTree() {
    JsonNode root = readTree();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new FerryConfig(null, Map.of(), file, Map.of());
    }
    if (!root.isObject()) {
      throw fail("the file must be a mapping with temporal: and backends: sections");
    }
    checkKeys(root, TOP_KEYS, "");
    TemporalSettings temporal = root.has("temporal") ? temporal(root.get("temporal")) : null;
    Map<String, BackendProfile> backends = new LinkedHashMap<>();
    JsonNode section = root.get("backends");
    if (section != null && !section.isNull()) {
      if (!section.isObject()) {
        throw fail("backends: must map profile names to settings");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        // A profile that cannot be used fails only the commands that use it: a client that
        // follows a migration, or a run between local paths, must not need every profile's
        // secrets or stop at another profile's typo. A worker serves every profile, so it checks
        // them all at start (FerryConfig.requireUsable).
        try {
          BackendProfile profile = profile(entry.getKey(), entry.getValue());
          List<String> problems = profile.problems();
          if (problems.isEmpty()) {
            backends.put(entry.getKey(), profile);
          } else {
            unusable.put(entry.getKey(), fail(String.join("; ", problems)).getMessage());
          }
        } catch (ConfigVariables.Unset e) {
          unusable.put(entry.getKey(), e.problem.getMessage());
        } catch (ConfigException e) {
          unusable.put(entry.getKey(), e.getMessage());
        }
      }
    }
    return new FerryConfig(temporal, backends, file, unusable);
  }

  private JsonNode readTree() {
    String text;
    try {
      text = Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new ConfigException("config file " + file + " is not UTF-8 text; save it as UTF-8", e);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read config file "
              + file
              + " ("
              + IoReasons.osReason(e)
              + "); check it exists and is readable",
          e);
    }
    String masked = variables.mask(text);
    try {
      // A key given twice is refused: the parser would keep the last, silently.
      YAMLFactory yaml =
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
      return new ObjectMapper(yaml).readTree(masked);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": " + YamlProblems.describe(e), e);
    }
  }

  private TemporalSettings temporal(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw fail("temporal: must be a mapping (target, namespace, taskQueue, ...)");
    }
    checkKeys(node, TEMPORAL_KEYS, "temporal.");
    String target = text(node, "target", "temporal.target");
    if (target != null && !TemporalSettings.isHostPort(target)) {
      throw fail(
          "temporal.target '" + target + "' is not HOST:PORT; write e.g. target: 127.0.0.1:7233");
    }
    return new TemporalSettings(
        target,
        text(node, "namespace", "temporal.namespace"),
        text(node, "taskQueue", "temporal.taskQueue"),
        path(node, "tlsCert", "temporal.tlsCert"),
        path(node, "tlsKey", "temporal.tlsKey"),
        path(node, "tlsCa", "temporal.tlsCa"),
        text(node, "apiKey", "temporal.apiKey"));
  }

  /**
   * Reads a profile against its type's options: every key must be one of them (a key of another
   * type says which), and each value is read as its option's kind.
   */
  private BackendProfile profile(String name, JsonNode node) {
    String where = "backends." + name + ".";
    if (!node.isObject()) {
      throw fail("profile '" + name + "': must be a mapping with type: and its options");
    }
    String typeText = text(node, "type", where + "type");
    BackendType type =
        typeText == null
            ? null
            : BackendRegistry.find(typeText.trim().toLowerCase(Locale.ROOT)).orElse(null);
    if (type == null) {
      throw fail(
          "profile '"
              + name
              + "': type must be "
              + BackendRegistry.namesText()
              + "; `ferry backends` lists each type's options");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> unset = new ArrayList<>(); // every unset variable of the profile, not the first
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.equals("type")) {
        continue;
      }
      BackendOption option =
          type.options().stream().filter(o -> o.name().equals(key)).findFirst().orElse(null);
      if (option == null) {
        throw fail(notAnOption(name, type, key, where));
      }
      try {
        Object value = value(node, option, where + key);
        if (value != null) {
          values.put(key, value);
        }
      } catch (ConfigVariables.Unset e) {
        unset.add(e.problem.getMessage());
      }
    }
    if (!unset.isEmpty()) {
      throw new ConfigVariables.Unset(new ConfigException(String.join("; ", unset)));
    }
    return BackendProfile.of(name, type, values);
  }

  /** Why {@code key} is no option of {@code type}: another type's option, or no type's. */
  private static String notAnOption(String name, BackendType type, String key, String where) {
    List<String> owners =
        BackendRegistry.types().stream()
            .filter(t -> t.options().stream().anyMatch(o -> o.name().equals(key)))
            .map(BackendType::name)
            .toList();
    if (!owners.isEmpty()) {
      return "profile '"
          + name
          + "': "
          + key
          + " applies only to type "
          + String.join(", ", owners)
          + "; remove it";
    }
    List<String> allowed = new ArrayList<>(List.of("type"));
    type.options().forEach(o -> allowed.add(o.name()));
    return "unknown key '"
        + where
        + key
        + "'; allowed for type "
        + type.name()
        + ": "
        + String.join(", ", allowed.stream().sorted().toList());
  }

  /** The value of {@code option} in {@code node}, read as its kind; null when absent or empty. */
  private Object value(JsonNode node, BackendOption option, String where) {
    String key = option.name();
    return switch (option.kind()) {
      case TEXT -> text(node, key, where);
      case URL -> url(node, key, where);
      case SIZE -> nullIfZero(size(node, key, where), node, key, where);
      case COUNT -> nullIfZero(count(node, key, where), node, key, where);
      case PATH -> path(node, key, where);
      case CHOICE -> choice(node, option, where);
      case DURATION -> nullIfZero(millis(node, key, where), node, key, where);
    };
  }

  private Long nullIfZero(long value, JsonNode node, String key, String where) {
    return value == 0 && text(node, key, where) == null ? null : value;
  }

  private String url(JsonNode node, String key, String where) {
    String value = text(node, key, where);
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return value;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw fail(where + " must be an http:// or https:// URL, got '" + value + "'");
  }

  private String choice(JsonNode node, BackendOption option, String where) {
    String value = text(node, option.name(), where);
    if (value == null) {
      return null;
    }
    String id = value.trim().toLowerCase(Locale.ROOT);
    if (!option.choices().contains(id)) {
      throw fail(where + " must be " + option.choicesText() + ", got '" + value + "'");
    }
    return id;
  }

  private long count(JsonNode node, String key, String where) {
    String value = text(node, key, where);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw fail(where + " must be a whole number such as 1000000, got '" + value + "'");
    }
  }

  private void checkKeys(JsonNode node, Set<String> allowed, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw fail(
            "unknown key '"
                + where
                + key
                + "'; allowed here: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  /** The interpolated text of a scalar, or null when absent, null or empty. */
  private String text(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw fail(where + " must be a single value");
    }
    String interpolated = variables.interpolate(value.asText(), where);
    return interpolated.isEmpty() ? null : interpolated;
  }

  private Path path(JsonNode node, String key, String where) {
    String value = text(node, key, where);
    if (value == null) {
      return null;
    }
    value = UserHome.expand(value);
    Path dir = file.getParent();
    Path p = Path.of(value);
    return (dir == null ? p : dir.resolve(p)).normalize();
  }

  private long size(JsonNode node, String key, String where) {
    String value = text(node, key, where);
    if (value == null) {
      return 0;
    }
    Matcher m = SIZE.matcher(value.trim());
    if (!m.matches()) {
      throw fail(where + " must be a size such as 16MiB or 16777216, got '" + value + "'");
    }
    String unit = m.group(2).toUpperCase(Locale.ROOT);
    int shift =
        unit.isEmpty() || unit.equals("B")
            ? 0
            : unit.startsWith("K") ? 10 : unit.startsWith("M") ? 20 : 30;
    try {
      long n = Long.parseLong(m.group(1));
      if (n > Long.MAX_VALUE >> shift) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw fail(where + " is too large a size, got '" + value + "'");
    }
  }

  private long millis(JsonNode node, String key, String where) {
    String value = text(node, key, where);
    if (value == null) {
      return 0;
    }
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw fail(where + " must be a duration such as 50ms, 2s or 1m, got '" + value + "'");
    }
    try {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "s" -> Math.multiplyExact(n, 1_000);
        case "m" -> Math.multiplyExact(n, 60_000);
        default -> n;
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw fail(where + " is too long a duration, got '" + value + "'");
    }
  }

  private ConfigException fail(String problem) {
    return new ConfigException(file + ": " + problem);
  }
}
