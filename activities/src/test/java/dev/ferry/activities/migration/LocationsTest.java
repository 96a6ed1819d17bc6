package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
