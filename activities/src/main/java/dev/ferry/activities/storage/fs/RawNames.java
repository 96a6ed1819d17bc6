package dev.ferry.activities.storage.fs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names whose bytes are not valid UTF-8, which no key can name: Java decodes each bad byte to
 * U+FFFD, so the decoded name opens nothing (or another file). Such a name is shown with each bad
 * byte escaped as {@code \xNN}, e.g. {@code bad\xff.txt}.
 */
final class RawNames {
  private RawNames() {}

  /** Whether {@code entry}, read from directory {@code dir} as {@code name}, is not UTF-8. */
  static boolean undecodable(Path dir, Path entry, String name) {
    // The decoder marks bad bytes with U+FFFD; a name that truly holds U+FFFD resolves to itself.
    return name.indexOf('\uFFFD') >= 0 && !dir.resolve(name).equals(entry);
  }

  /** The name of {@code entry} (a path read from a directory) with bad bytes as {@code \xNN}. */
  static String escaped(Path entry) {
    return escape(rawBytes(entry));
  }

  /** Valid UTF-8 runs of {@code bytes} as text, every other byte as {@code \xNN}. */
  static String escape(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    StringBuilder sb = new StringBuilder();
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      sb.append(out.flip());
      out.clear();
      if (r.isUnderflow()) {
        break;
      }
      for (int i = 0; i < r.length(); i++) {
        sb.append(String.format("\\x%02x", in.get() & 0xff));
      }
    }
    return sb.toString();
  }

  /** The bytes of the file name of {@code entry}, read from its URI, which escapes them all. */
  private static byte[] rawBytes(Path entry) {
    String raw = entry.toAbsolutePath().toUri().getRawPath();
    if (raw.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1); // a directory's URI ends in a slash
    }
    raw = raw.substring(raw.lastIndexOf('/') + 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toByteArray();
  }
}
