package dev.ferry.activities.storage;

/** The key prefix of an object-store location, as every object-store backend holds it. */
public final class KeyPrefix {
  private KeyPrefix() {}

  /**
   * {@code prefix} used as a directory, a trailing {@code /} added ({@code in} holds the keys under
   * {@code in/}); empty or null for the whole bucket or container. A leading {@code /} is kept: it
   * is part of the keys ({@code /in} holds those under {@code /in/}, not those under {@code in/}).
   */
  public static String asDirectory(String prefix) {
    String p = prefix == null ? "" : prefix;
    if (!p.isEmpty() && !p.endsWith("/")) {
      p = p + "/";
    }
    return p;
  }
}
