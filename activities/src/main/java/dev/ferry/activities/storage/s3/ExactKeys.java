package dev.ferry.activities.storage.s3;

import java.nio.charset.StandardCharsets;

/**
 * Which keys the MinIO client and OkHttp would send as another path, and how to send them exactly.
 *
 * <p>An S3 key is any string: {@code a/../b}, {@code x/./y} and {@code a//b} are keys of their own
 * (AWS S3 stores each as it is). OkHttp resolves {@code .} and {@code ..} path segments, even
 * percent-encoded ones, before a request leaves, and the MinIO client's path encoder folds {@code
 * //} into {@code /}: a GET of {@code a/../b} would read {@code b}, and a PUT or DELETE of {@code
 * x/../../other/k} would reach bucket {@code other}. Such keys go out through {@link ExactKeyCalls}
 * with the path built here, which keeps every byte of the key.
 */
final class ExactKeys {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ExactKeys() {}

  /**
   * Whether the usual clients would send a request for {@code key} to another path: the key has a
   * {@code .} or {@code ..} segment, or an empty segment between two others ({@code a//b}). A
   * leading or a single trailing {@code /} is sent as it is, but not a key that is only {@code /}.
   */
  static boolean rewrittenByClient(String key) {
    if (key.equals("/")) {
      return true; // sent as "//"
    }
    String[] segments = key.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean inner = i > 0 && i < segments.length - 1;
      if (segment.equals(".") || segment.equals("..") || segment.isEmpty() && inner) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a write of {@code key} must go by its exact path and only to a store that keeps paths
   * as sent ({@link ExactKeyCalls#keepsPaths}): the clients would rewrite it ({@link
   * #rewrittenByClient}), or it starts with {@code /}, which the clients send as it is but a server
   * that folds {@code //} (versitygw) drops, writing {@code /a} over {@code a}.
   */
  static boolean writtenExactly(String key) {
    return key.startsWith("/") || rewrittenByClient(key);
  }

  /**
   * {@code key} percent-encoded for a request path as AWS Signature V4 encodes it: every UTF-8 byte
   * but the unreserved characters and {@code /}; nothing resolved, folded or trimmed.
   */
  static String encodePath(String key) {
    StringBuilder out = new StringBuilder(key.length() + 16);
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /**
   * Whether {@code key} travels through an XML body (a DeleteObjects request) as it is: XML 1.0 has
   * no carriage return that survives parsing, and no other control character but tab and line feed
   * at all.
   */
  static boolean fitsXml(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF) {
        return false;
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < key.length()
                && Character.isLowSurrogate(key.charAt(i + 1));
        if (!paired) {
          return false;
        }
        i++;
      }
    }
    return true;
  }
}
