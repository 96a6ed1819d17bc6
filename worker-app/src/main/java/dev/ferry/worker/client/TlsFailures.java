package dev.ferry.worker.client;

import dev.ferry.worker.common.BadInputException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Names what went wrong in a TLS handshake with Temporal in the terms of the config's temporal
 * section (tlsCa, tlsCert, tlsKey, target): the Java and OpenSSL messages ("PKIX path building
 * failed", "SSLV3_ALERT_BAD_CERTIFICATE") do not say which file to fix.
 */
final class TlsFailures {
  private TlsFailures() {}

  /** The handshake failure in {@code e} explained, or null when {@code e} holds none. */
  static BadInputException explain(Settings settings, Throwable e) {
    if (Causes.first(e, SSLException.class) == null) {
      return null;
    }
    String at = "Temporal at " + settings.target();
    Settings.Tls tls = settings.tls();
    if (Causes.first(e, CertPathBuilderException.class) != null) {
      return new BadInputException(
          at
              + " presented a certificate signed by no authority "
              + (tls.ca() == null ? "the system trusts (no tlsCa is set)" : "in tlsCa " + tls.ca()),
          "set the config's temporal tlsCa to the PEM certificate of the authority that signed the"
              + " server's",
          e);
    }
    CertificateException certificate = Causes.first(e, CertificateException.class);
    String text = messages(e);
    if (certificate != null
        && (text.contains("subject alternative") || text.contains("no name matching"))) {
      return new BadInputException(
          at + " presented a certificate for other names (" + certificate.getMessage() + ")",
          "set temporal.target to a host name its certificate holds",
          e);
    }
    if (text.contains("bad_certificate") || text.contains("certificate_required")) {
      return tls.cert() == null
          ? new BadInputException(
              at + " asks for a client certificate (mutual TLS), and none is configured",
              "set the config's temporal tlsCert and tlsKey to the PEM certificate and PKCS#8 key"
                  + " its authority issued you",
              e)
          : new BadInputException(
              at + " refused the client certificate in tlsCert " + tls.cert(),
              "use a certificate issued by the authority the server trusts for its clients",
              e);
    }
    return null;
  }

  /** Every message in {@code e}'s causes, lower case, to match alert names in either spelling. */
  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString().toLowerCase(Locale.ROOT);
  }
}
