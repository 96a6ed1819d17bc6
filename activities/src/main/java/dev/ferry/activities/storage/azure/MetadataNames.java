package dev.ferry.activities.storage.azure;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reversible names for user metadata on Azure, where a metadata name must be a C# identifier
 * ({@code [A-Za-z_][A-Za-z0-9_]*}) while S3-style names ({@code x-foo}, {@code ferry-md5}) need not
 * be.
 *
 * <p>A name that is already an identifier and does not start with {@value #ESCAPED} is stored as it
 * is ({@code owner} stays {@code owner}). Any other name is stored as {@value #ESCAPED} followed by
 * the name with every character other than an ASCII letter or digit written as {@code _} and the
 * two lower-case hex digits of each of its UTF-8 bytes: {@code x-foo} is {@code ferry_x_2dfoo},
 * {@code ferry_a} is {@code ferry_ferry_5fa}. Reading reverses it; a stored name that starts with
 * {@value #ESCAPED} but does not decode is passed through unchanged.
 */
final class MetadataNames {
  /** The prefix of an escaped name. */
  static final String ESCAPED = "ferry_";

  private MetadataNames() {}

  /** The Azure metadata name for the user metadata name {@code name}. */
  static String encode(String name) {
    if (isIdentifier(name) && !startsWithEscaped(name)) {
      return name;
    }
    StringBuilder out = new StringBuilder(ESCAPED);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (isAsciiLetterOrDigit(c)) {
        out.append(c);
      } else {
        out.append('_').append(Character.forDigit((b >> 4) & 0xf, 16));
        out.append(Character.forDigit(b & 0xf, 16));
      }
    }
    return out.toString();
  }

  /** The user metadata name that {@link #encode} turned into {@code stored}. */
  static String decode(String stored) {
    if (!startsWithEscaped(stored)) {
      return stored;
    }
    String body = stored.substring(ESCAPED.length());
    byte[] bytes = new byte[body.length()];
    int n = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '_') {
        if (i + 2 >= body.length()) {
          return stored;
        }
        int hi = Character.digit(body.charAt(i + 1), 16);
        int lo = Character.digit(body.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return stored;
        }
        bytes[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (isAsciiLetterOrDigit(c)) {
        bytes[n++] = (byte) c;
      } else {
        return stored;
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  /** {@code metadata} with every name encoded. */
  static Map<String, String> encodeAll(Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>();
    metadata.forEach((name, value) -> out.put(encode(name), value));
    return out;
  }

  /** {@code stored} with every name decoded; null reads as empty. */
  static Map<String, String> decodeAll(Map<String, String> stored) {
    Map<String, String> out = new LinkedHashMap<>();
    if (stored != null) {
      stored.forEach((name, value) -> out.put(decode(name), value));
    }
    return out;
  }

  private static boolean startsWithEscaped(String name) {
    return name.regionMatches(true, 0, ESCAPED, 0, ESCAPED.length());
  }

  private static boolean isIdentifier(String name) {
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '_' && !isAsciiLetterOrDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
