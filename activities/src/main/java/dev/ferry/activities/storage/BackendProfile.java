package dev.ferry.activities.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named profile from the {@code backends:} section of {@code ferry.yaml}: its type and its
 * options' values, read and typed as the type declares them, defaults filled in. {@link
 * #toString()} never shows a secret.
 */
public final class BackendProfile {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private final String name;
  private final BackendType type;
  private final Map<String, Object> values;

  private BackendProfile(String name, BackendType type, Map<String, Object> values) {
    this.name = name;
    this.type = type;
    this.values = values;
  }

  /**
   * A profile of {@code type} with {@code values} (by option name, of each option's Java type: a
   * {@code String}, {@code Long} or {@code Path}); options not given take their defaults.
   *
   * @throws IllegalArgumentException when a value names no option of the type
   */
  public static BackendProfile of(String name, BackendType type, Map<String, ?> values) {
    Objects.requireNonNull(type, "type");
    Map<String, Object> all = new LinkedHashMap<>();
    for (BackendOption option : type.options()) {
      Object value = values.get(option.name());
      if (value == null) {
        value = option.defaultValue();
      }
      if (value != null) {
        all.put(option.name(), value);
      }
    }
    for (String key : values.keySet()) {
      if (type.options().stream().noneMatch(o -> o.name().equals(key))) {
        throw new IllegalArgumentException("type " + type.name() + " has no option '" + key + "'");
      }
    }
    return new BackendProfile(name, type, all);
  }

  /** Whether {@code name} is a valid profile name: letters, digits, {@code -} and {@code _}. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The profile name used in locations ({@code NAME:...}). */
  public String name() {
    return name;
  }

  public BackendType type() {
    return type;
  }

  /** Whether the option has a value (set, or by default). */
  public boolean has(String option) {
    return values.containsKey(option);
  }

  /** A text, URL or choice option's value, or null. */
  public String text(String option) {
    return (String) values.get(option);
  }

  /** A size or count option's value, or 0 when it has none. */
  public long number(String option) {
    Object value = values.get(option);
    return value == null ? 0 : (Long) value;
  }

  /** A path option's value, or null. */
  public Path path(String option) {
    return (Path) values.get(option);
  }

  /**
   * One message per problem, each naming the profile; empty when the profile is usable: the name,
   * required options, and what the type checks of its values.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    String prefix = "profile '" + name + "': ";
    if (!isValidName(name)) {
      problems.add(prefix + "name may contain only letters, digits, '-' and '_'");
    }
    for (BackendOption option : type.options()) {
      if (option.required() && !has(option.name())) {
        problems.add(prefix + "missing " + option.name() + " (" + option.help() + ")");
      }
    }
    if (problems.isEmpty()) {
      type.validate(this, prefix, problems);
    }
    return problems;
  }

  /** The profile with its secrets masked. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("BackendProfile[name=").append(name);
    s.append(", type=").append(type.name());
    for (BackendOption option : type.options()) {
      if (has(option.name())) {
        s.append(", ").append(option.name()).append('=');
        s.append(option.secret() ? "***" : values.get(option.name()));
      }
    }
    return s.append(']').toString();
  }
}
