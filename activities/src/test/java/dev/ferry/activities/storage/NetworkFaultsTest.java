package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class NetworkFaultsTest {
  @Test
  void namesTheFailureFoundAmongTheCauses() {
    Exception wrapped =
        new RuntimeException(
            new UncheckedIOException(
                new UnknownHostException("store.example: Temporary failure in name resolution")));
    assertEquals(
        "no host is named 'store.example'; check the endpoint", NetworkFaults.describe(wrapped));
    assertEquals("store.example", NetworkFaults.unknownHost(wrapped));
    assertEquals(
        "could not connect (Connection refused); check the endpoint's host and port",
        NetworkFaults.describe(new ConnectException("Connection refused")));
    assertEquals(
        "the server did not answer in time (Read timed out)",
        NetworkFaults.describe(new SocketTimeoutException("Read timed out")));
    assertEquals(
        "the connection failed (Connection reset)",
        NetworkFaults.describe(new SocketException("Connection reset")));
    assertEquals(
        "the connection closed before the reply ended", NetworkFaults.describe(new EOFException()));
    assertEquals(
        "the TLS handshake failed (PKIX path building failed); check that the endpoint speaks https"
            + " and its certificate is trusted",
        NetworkFaults.describe(new SSLHandshakeException("PKIX path building failed")));
  }

  @Test
  void neverQuotesAMessageThatMayHoldAUrlsQuery() {
    assertEquals(
        "the connection failed",
        NetworkFaults.describe(new SocketException("reset: https://a/b?sig=SECRET")));
  }

  @Test
  void otherFailuresAreNotItsToName() {
    assertNull(NetworkFaults.describe(new IOException("disk full")));
    assertNull(NetworkFaults.describe(new IllegalStateException("bug")));
    assertNull(NetworkFaults.unknownHost(new ConnectException("Connection refused")));
  }
}
