package dev.ferry.activities.storage;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * A failure to talk to a store, said the way a person reads it ("no host is named 'x'", not
 * "UnknownHostException"), with what to check where there is something to check. These exceptions'
 * messages name hosts and ports; one that holds a '?' (a URL's query, where a SAS token would be)
 * is never quoted.
 */
public final class NetworkFaults {
  private static final int MAX_QUOTED = 200;

  private NetworkFaults() {}

  /** The first network failure among {@code error} and its causes, described; null if none. */
  public static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String said = said(t);
      if (said != null) {
        return said;
      }
    }
    return null;
  }

  /** The host name a DNS lookup among {@code error}'s causes did not find; null if none. */
  public static String unknownHost(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        // Java says "host: Name or service not known", or the host alone.
        String text = String.valueOf(t.getMessage());
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(0, colon);
      }
    }
    return null;
  }

  private static String said(Throwable t) {
    if (t instanceof UnknownHostException) {
      return "no host is named '" + unknownHost(t) + "'; check the endpoint";
    }
    if (t instanceof ConnectException) {
      return "could not connect" + quoted(t) + "; check the endpoint's host and port";
    }
    if (t instanceof NoRouteToHostException) {
      return "no route to the endpoint's host" + quoted(t);
    }
    if (t instanceof SocketTimeoutException) {
      return "the server did not answer in time" + quoted(t);
    }
    if (t instanceof SSLHandshakeException) {
      return "the TLS handshake failed"
          + quoted(t)
          + "; check that the endpoint speaks https and its certificate is trusted";
    }
    if (t instanceof SSLException) {
      return "a TLS error" + quoted(t);
    }
    if (t instanceof SocketException) {
      return "the connection failed" + quoted(t);
    }
    if (t instanceof EOFException) {
      return "the connection closed before the reply ended";
    }
    return null;
  }

  private static String quoted(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank() || message.contains("?")) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    return " (" + (line.length() > MAX_QUOTED ? line.substring(0, MAX_QUOTED) + "..." : line) + ")";
  }
}
