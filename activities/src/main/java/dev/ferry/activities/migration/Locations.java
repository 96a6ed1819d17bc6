package dev.ferry.activities.migration;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure reasoning about location strings ({@code NAME:BUCKET/PREFIX}, {@code NAME:PATH}, bare
 * paths), without opening anything.
 */
final class Locations {
  private static final Pattern PROFILE = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9_.-]*):(.*)$");

  private Locations() {}

  /**
   * Whether one location lies inside the other (or they are the same): moving or copying a prefix
   * into itself would list its own copies. Locations of different profiles are taken as distinct.
   */
  static boolean overlap(String a, String b) {
    Matcher ma = PROFILE.matcher(a);
    Matcher mb = PROFILE.matcher(b);
    boolean profileA = ma.matches() && !a.startsWith("/");
    boolean profileB = mb.matches() && !b.startsWith("/");
    if (profileA != profileB) {
      return false;
    }
    if (!profileA) {
      Path pa = Path.of(a).toAbsolutePath().normalize();
      Path pb = Path.of(b).toAbsolutePath().normalize();
      return pa.startsWith(pb) || pb.startsWith(pa);
    }
    if (!ma.group(1).equals(mb.group(1))) {
      return false;
    }
    String ra = trim(ma.group(2));
    String rb = trim(mb.group(2));
    return nested(ra, rb) || nested(rb, ra);
  }

  private static boolean nested(String inner, String outer) {
    return outer.isEmpty() || inner.equals(outer) || inner.startsWith(outer + "/");
  }

  private static String trim(String rest) {
    String r = rest.replaceAll("/+", "/");
    while (r.startsWith("/")) {
      r = r.substring(1);
    }
    while (r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }
}
