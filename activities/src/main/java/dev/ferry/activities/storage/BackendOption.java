package dev.ferry.activities.storage;

import java.util.List;
import java.util.Objects;

/**
 * One setting a backend type accepts in a {@code ferry.yaml} profile: its name, what kind of value
 * it takes, a one-line help, its default, whether it is required and whether it is a secret (never
 * shown in messages, logs or {@code toString}).
 *
 * @param name the YAML key, e.g. {@code endpoint}
 * @param kind how the value is read
 * @param help one line for {@code ferry backends} and for messages about a missing value
 * @param defaultValue the value when the key is absent (a {@code String}, {@code Long} or {@code
 *     Path} as {@code kind} says), or null
 * @param required whether a profile must set it
 * @param secret whether the value is a credential
 * @param choices the accepted values of a {@link Kind#CHOICE}, else empty
 */
public record BackendOption(
    String name,
    Kind kind,
    String help,
    Object defaultValue,
    boolean required,
    boolean secret,
    List<String> choices) {

  /** How an option's value is written and read. */
  public enum Kind {
    /** Any text. */
    TEXT,
    /** An {@code http://} or {@code https://} URL. */
    URL,
    /** A number of bytes, plain or with a unit: {@code 16MiB}, {@code 16777216}. */
    SIZE,
    /** A whole number, {@code _} allowed between digits. */
    COUNT,
    /** A filesystem path, relative to the config file's directory, {@code ~/} for home. */
    PATH,
    /** One of {@link BackendOption#choices()}. */
    CHOICE,
    /**
     * A duration, read as milliseconds: {@code 50ms}, {@code 2s}, {@code 1m}, plain milliseconds.
     */
    DURATION
  }

  public BackendOption {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(help, "help");
    choices = List.copyOf(choices);
  }

  /** An optional option of {@code kind} without a default. */
  public static BackendOption of(String name, Kind kind, String help) {
    return new BackendOption(name, kind, help, null, false, false, List.of());
  }

  /** An optional choice among {@code choices}, {@code defaultValue} when absent. */
  public static BackendOption choice(
      String name, String help, String defaultValue, List<String> choices) {
    return new BackendOption(name, Kind.CHOICE, help, defaultValue, false, false, choices);
  }

  /** This option, required. */
  public BackendOption asRequired() {
    return new BackendOption(name, kind, help, defaultValue, true, secret, choices);
  }

  /** This option, a secret. */
  public BackendOption asSecret() {
    return new BackendOption(name, kind, help, defaultValue, required, true, choices);
  }

  /** This option with {@code value} (of the kind's Java type) when absent. */
  public BackendOption withDefault(Object value) {
    return new BackendOption(name, kind, help, value, required, secret, choices);
  }

  /** The choices as a person reads them: {@code auto, flat or directories}. */
  public String choicesText() {
    if (choices.size() < 2) {
      return String.join("", choices);
    }
    return String.join(", ", choices.subList(0, choices.size() - 1))
        + " or "
        + choices.get(choices.size() - 1);
  }
}
