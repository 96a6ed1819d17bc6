package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {
  @Test
  void everySocketHasNagleOff() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        Socket unconnected = new NoDelaySocketFactory().createSocket();
        Socket connected =
            new NoDelaySocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      assertTrue(unconnected.getTcpNoDelay(), "the socket OkHttp connects itself");
      assertTrue(connected.getTcpNoDelay());
    }
  }
}
