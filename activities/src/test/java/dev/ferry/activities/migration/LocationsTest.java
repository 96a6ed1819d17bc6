package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocationsTest {
  @Test
  void nestedLocationsOverlap() {
    assertTrue(Locations.overlap("s3:http://h:9000/b/in", "s3:http://h:9000/b/in"));
    assertTrue(Locations.overlap("s3:http://h:9000/b/in", "s3:http://h:9000/b/in/sub"));
    assertTrue(Locations.overlap("s3:http://h:9000/b/in/sub", "s3:http://h:9000/b/in"));
    assertTrue(Locations.overlap("s3:http://h:9000/b", "s3:http://h:9000/b/x"));
    assertTrue(Locations.overlap("file:/", "file:/data/in"));
  }

  @Test
  void siblingsAndOtherStoresDoNot() {
    assertFalse(Locations.overlap("s3:http://h:9000/b/in", "s3:http://h:9000/b/inbox"));
    assertFalse(Locations.overlap("s3:http://h:9000/b/in", "s3:http://other:9000/b/in"));
    assertFalse(Locations.overlap("s3:http://h:9000/b1", "s3:http://h:9000/b2"));
    assertFalse(Locations.overlap("file:/data/in", "file:/data/inbox"));
    assertFalse(Locations.overlap("file:/data/in", "s3:http://h:9000/data/in"));
  }

  @Test
  void oneServerNamedTwoWaysIsOneServer() {
    // The real resolver: localhost is this machine, whichever of its addresses it resolves to.
    assertTrue(Locations.overlap("s3:http://localhost:9000/b/in", "s3:http://127.0.0.1:9000/b"));
    assertTrue(Locations.overlap("s3:http://[::1]:9000/b/in/x", "s3:http://localhost:9000/b/in"));
    assertTrue(Locations.overlap("s3:http://localhost./b", "s3:http://127.0.0.1:80/b/x"));
    assertTrue(
        Locations.overlap(
            "azure:http://127.0.0.1:10000/devstoreaccount1/c",
            "azure:http://localhost:10000/devstoreaccount1/c/in"));
    // Another port, bucket, scheme or kind is another location.
    assertFalse(Locations.overlap("s3:http://localhost:9000/b/in", "s3:http://127.0.0.1:9001/b"));
    assertFalse(Locations.overlap("s3:http://localhost:9000/b/in", "s3:http://127.0.0.1:9000/c"));
    assertFalse(Locations.overlap("s3:http://localhost:443/b", "s3:https://127.0.0.1/b"));
    assertFalse(Locations.overlap("s3:http://localhost:9000/b", "azure:http://127.0.0.1:9000/b"));
  }

  @Test
  void namesWithAnAddressInCommonAreOneServer() throws UnknownHostException {
    InetAddress shared = InetAddress.getByName("192.0.2.7");
    Map<String, List<InetAddress>> dns =
        Map.of(
            "s3.example.com", List.of(shared, InetAddress.getByName("192.0.2.8")),
            "minio.internal", List.of(shared),
            "other.example.com", List.of(InetAddress.getByName("198.51.100.1")));
    assertTrue(
        Locations.overlap(
            "s3:https://s3.example.com/b/in",
            "s3:https://minio.internal:443/b",
            host -> dns.get(host)));
    assertFalse(
        Locations.overlap(
            "s3:https://s3.example.com/b",
            "s3:https://other.example.com/b",
            host -> dns.get(host)));
    assertFalse(
        Locations.overlap(
            "s3:https://s3.example.com/b", "s3:https://unknown.example.com/b", h -> List.of()));
  }
}
