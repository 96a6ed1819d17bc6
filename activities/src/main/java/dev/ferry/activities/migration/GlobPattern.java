package dev.ferry.activities.migration;

import java.util.regex.Pattern;

/**
 * Translates an {@code --include}/{@code --exclude} glob into a regular expression, with the syntax
 * rclone's filters and Java's glob matcher share (the client checks globs with the latter):
 *
 * <ul>
 *   <li>{@code *} any characters but {@code /}, {@code **} any characters, {@code ?} one character
 *       but {@code /};
 *   <li>{@code [abc]}, {@code [a-z]}, {@code [!a-z]} (or {@code [^a-z]}) one character of a class,
 *       never {@code /};
 *   <li>{@code {jpg,png}} one of the alternatives, each a glob without braces;
 *   <li>{@code \} makes the next character literal ({@code \*}, {@code \[}, {@code \\}).
 * </ul>
 *
 * <p>Characters beyond U+FFFF are one character, as in the keys they match. A bracket or brace left
 * open is taken literally; the client refuses such a glob before a migration starts.
 */
final class GlobPattern {
  private final String glob;
  private final StringBuilder re = new StringBuilder();
  private int i;
  private boolean inGroup;

  private GlobPattern(String glob) {
    this.glob = glob;
  }

  static Pattern compile(String glob) {
    return compile(glob, "");
  }

  /** The glob's pattern after {@code prefix}, a regular expression. */
  static Pattern compile(String glob, String prefix) {
    return Pattern.compile(prefix + new GlobPattern(glob).translate(), Pattern.DOTALL);
  }

  private String translate() {
    while (i < glob.length()) {
      int c = glob.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\\' -> literal(i < glob.length() ? next() : '\\');
        case '*' -> star();
        case '?' -> re.append("[^/]");
        case '[' -> characterClass();
        case '{' -> openGroup();
        case ',' -> re.append(inGroup ? "|" : Pattern.quote(","));
        case '}' -> closeGroup();
        default -> literal(c);
      }
    }
    if (inGroup) {
      return Pattern.quote(glob); // an open brace: the client refuses it; never match by accident
    }
    return re.toString();
  }

  private int next() {
    int c = glob.codePointAt(i);
    i += Character.charCount(c);
    return c;
  }

  private void star() {
    if (i < glob.length() && glob.charAt(i) == '*') {
      i++;
      re.append(".*");
    } else {
      re.append("[^/]*");
    }
  }

  /** {@code [...]} from just after the {@code [}; literal when no {@code ]} closes it. */
  private void characterClass() {
    int k = i;
    boolean negated = k < glob.length() && (glob.charAt(k) == '!' || glob.charAt(k) == '^');
    if (negated) {
      k++;
    }
    int close = glob.indexOf(']', k + 1); // a ']' first in the class is a member
    if (k >= glob.length() || close < 0) {
      literal('[');
      return;
    }
    StringBuilder members = new StringBuilder();
    while (k < close) {
      int c = glob.codePointAt(k);
      k += Character.charCount(c);
      boolean range = c == '-' && members.length() > 0 && k < close;
      members.append(range ? "-" : classMember(c));
    }
    i = close + 1;
    // Never a slash. A negated class lists it among its members: Java reads [^a&&[^/]] as "not
    // (a and not /)", which admits the slash.
    re.append(negated ? "[^" + members + "/]" : "[" + members + "&&[^/]]");
  }

  private static String classMember(int c) {
    return Character.isLetterOrDigit(c)
        ? Character.toString(c)
        : "\\x{" + Integer.toHexString(c) + "}";
  }

  private void openGroup() {
    if (inGroup) {
      literal('{');
      return;
    }
    inGroup = true;
    re.append("(?:");
  }

  private void closeGroup() {
    if (!inGroup) {
      literal('}');
      return;
    }
    inGroup = false;
    re.append(')');
  }

  private void literal(int c) {
    re.append("\\x{").append(Integer.toHexString(c)).append('}');
  }
}
