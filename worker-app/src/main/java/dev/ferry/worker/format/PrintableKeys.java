package dev.ferry.worker.format;

import java.util.Locale;

/** Keys in text output: control characters as {@code \xNN}, so one key stays on one line. */
public final class PrintableKeys {
  private PrintableKeys() {}

  /** {@code key} with control characters (a tab, a newline) as {@code \xNN}. */
  public static String of(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    key.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\x%02x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    return sb.toString();
  }
}
