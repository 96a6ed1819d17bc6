package dev.ferry.activities.storage;

/** The key prefix of an object-store location, as every object-store backend holds it. */
public final class KeyPrefix {
  private KeyPrefix() {}

  /**
   * {@code prefix} used as a directory: leading {@code /} dropped, a trailing {@code /} added
   * ({@code in} holds the keys under {@code in/}); empty or null for the whole bucket or container.
   */
  public static String asDirectory(String prefix) {
    String p = prefix == null ? "" : prefix;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (!p.isEmpty() && !p.endsWith("/")) {
      p = p + "/";
    }
    return p;
  }
}
