package dev.ferry.activities.migration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether two locations overlap, judged by their backends' canonical {@link
 * dev.ferry.activities.storage.StorageBackend#locationId() location ids}, so a profile and a bare
 * path naming one tree are caught too, and so is one server named two ways: {@code
 * http://localhost:9000} and {@code http://127.0.0.1:9000}, or two host names with an address in
 * common, on the same scheme and port.
 */
final class Locations {
  /** {@code KIND:SCHEME://AUTHORITY/PATH}, the id of a location on a server. */
  private static final Pattern ON_A_SERVER =
      Pattern.compile("([a-z0-9]+):(https?)://([^/]*)(/.*)?", Pattern.DOTALL);

  private Locations() {}

  /**
   * Whether one location lies inside the other (or they are the same): moving or copying a prefix
   * into itself would list its own copies, and a sync would delete its own source.
   */
  static boolean overlap(String idA, String idB) {
    return overlap(idA, idB, Locations::addresses);
  }

  /** As {@link #overlap(String, String)}, with {@code resolve} giving a host's addresses. */
  static boolean overlap(String idA, String idB, Function<String, List<InetAddress>> resolve) {
    if (nested(idA, idB) || nested(idB, idA)) {
      return true;
    }
    Matcher a = ON_A_SERVER.matcher(idA);
    Matcher b = ON_A_SERVER.matcher(idB);
    if (!a.matches() || !b.matches()) {
      return false;
    }
    String pathA = a.group(4) == null ? "/" : a.group(4);
    String pathB = b.group(4) == null ? "/" : b.group(4);
    return a.group(1).equals(b.group(1))
        && a.group(2).equals(b.group(2))
        && (nested(pathA, pathB) || nested(pathB, pathA))
        && sameServer(a.group(2), a.group(3), b.group(3), resolve);
  }

  private static boolean nested(String inner, String outer) {
    return inner.equals(outer) || inner.startsWith(outer.endsWith("/") ? outer : outer + "/");
  }

  /** Whether two authorities ({@code host[:port]}) of one scheme reach one server. */
  private static boolean sameServer(
      String scheme, String authorityA, String authorityB, Function<String, List<InetAddress>> r) {
    Authority a = Authority.parse(scheme, authorityA);
    Authority b = Authority.parse(scheme, authorityB);
    if (a.port != b.port) {
      return false;
    }
    if (a.host.equals(b.host)) {
      return true;
    }
    List<InetAddress> addressesA = r.apply(a.host);
    List<InetAddress> addressesB = r.apply(b.host);
    boolean bothThisMachine =
        addressesA.stream().anyMatch(InetAddress::isLoopbackAddress)
            && addressesB.stream().anyMatch(InetAddress::isLoopbackAddress);
    return bothThisMachine || addressesA.stream().anyMatch(addressesB::contains);
  }

  /** The addresses {@code host} resolves to; none when it does not resolve. */
  private static List<InetAddress> addresses(String host) {
    try {
      return List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException | SecurityException e) {
      return List.of();
    }
  }

  /** A URL's host (lower case, without IPv6 brackets or a trailing dot) and port. */
  private record Authority(String host, int port) {
    static Authority parse(String scheme, String authority) {
      String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
      int colon = hostPort.lastIndexOf(':');
      boolean hasPort = colon > hostPort.lastIndexOf(']');
      String host = hasPort ? hostPort.substring(0, colon) : hostPort;
      int port = scheme.equals("https") ? 443 : 80;
      if (hasPort) {
        try {
          port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      host = host.replaceAll("^\\[|]$", "").replaceAll("\\.$", "").toLowerCase(Locale.ROOT);
      return new Authority(host, port);
    }
  }
}
