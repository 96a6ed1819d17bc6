package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocationsTest {
  @Test
  void nestedPrefixesOfOneProfileOverlap() {
    assertTrue(Locations.overlap("src:b/in", "src:b/in"));
    assertTrue(Locations.overlap("src:b/in", "src:b/in/sub"));
    assertTrue(Locations.overlap("src:b/in/sub/", "src:b/in"));
    assertTrue(Locations.overlap("src:b", "src:b/x"));
  }

  @Test
  void siblingsAndOtherProfilesDoNot() {
    assertFalse(Locations.overlap("src:b/in", "src:b/inbox"));
    assertFalse(Locations.overlap("src:b/in", "dst:b/in"));
    assertFalse(Locations.overlap("src:b1", "src:b2"));
  }

  @Test
  void barePathsCompareBySegments() {
    assertTrue(Locations.overlap("/data/in", "/data/in/../in/out"));
    assertFalse(Locations.overlap("/data/in", "/data/inbox"));
    assertFalse(Locations.overlap("/data/in", "archive:/data/in"));
  }
}
