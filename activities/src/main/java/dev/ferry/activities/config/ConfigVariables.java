package dev.ferry.activities.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${VAR}} references of one config file: masked out of its text before the YAML is
 * parsed, and put back one scalar at a time, so that a secret holding YAML syntax cannot change the
 * file's structure.
 */
final class ConfigVariables {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  private static final Pattern PLACEHOLDER = Pattern.compile("__ferry_env_(\\d+)__");
  private static final Pattern STRAY = Pattern.compile("__ferry_stray_(\\d+)__");
  private static final Pattern STRAY_TEXT = Pattern.compile("\\$\\{[^}\\s'\",\\]]*}?");

  /** A value names an environment variable that is not set; the problem says which. */
  static final class Unset extends RuntimeException {
    final ConfigException problem;

    Unset(ConfigException problem) {
      super(problem.getMessage(), null, false, false);
      this.problem = problem;
    }
  }

  private final Path file;
  private final UnaryOperator<String> env;
  private final List<MatchResult> variables = new ArrayList<>();
  private final List<Integer> strayLines = new ArrayList<>();

  ConfigVariables(Path file, UnaryOperator<String> env) {
    this.file = file;
    this.env = env;
  }

  /**
   * {@code text} with each reference replaced by a placeholder, and each {@code ${} that starts no
   * reference by a mark that {@link #interpolate} refuses: only a value that holds one is refused
   * (its profile, or the file for the {@code temporal:} section), not the whole file, and not a
   * comment.
   */
  String mask(String text) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder masked = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(masked, "__ferry_env_" + variables.size() + "__");
      variables.add(m.toMatchResult());
    }
    m.appendTail(masked);
    // A stray is marked with what would have been its name, so that a '}' ending it does not
    // close a YAML mapping the file never opened.
    Matcher stray = STRAY_TEXT.matcher(masked.toString());
    StringBuilder marked = new StringBuilder();
    while (stray.find()) {
      int line = (int) masked.substring(0, stray.start()).chars().filter(c -> c == '\n').count();
      stray.appendReplacement(marked, "__ferry_stray_" + strayLines.size() + "__");
      strayLines.add(line + 1);
    }
    stray.appendTail(marked);
    return marked.toString();
  }

  /**
   * {@code raw}, a masked value, with its references replaced from the environment.
   *
   * @param where the value's key, for the message
   * @throws Unset naming the first unset variable without a fallback
   * @throws ConfigException when the value holds a {@code ${} that starts no reference
   */
  String interpolate(String raw, String where) {
    Matcher stray = STRAY.matcher(raw);
    if (stray.find()) {
      // Left as it is, it would reach a store as a literal value (a key, a password).
      throw new ConfigException(
          file
              + ": '${' at line "
              + strayLines.get(Integer.parseInt(stray.group(1)))
              + " ("
              + where
              + ") starts no variable; write ${NAME} or ${NAME:-default} (NAME of letters, digits"
              + " and _), or pass a value holding '${' through a variable");
    }
    Matcher m = PLACEHOLDER.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      MatchResult variable = variables.get(Integer.parseInt(m.group(1)));
      String name = variable.group(1);
      String value = env.apply(name);
      if (value == null) {
        if (variable.group(2) == null) {
          throw new Unset(
              new ConfigException(
                  file
                      + ": environment variable "
                      + name
                      + " is not set (used by "
                      + where
                      + "); export "
                      + name
                      + " or edit the file"));
        }
        value = variable.group(3);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
