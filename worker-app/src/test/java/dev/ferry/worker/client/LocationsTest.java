package dev.ferry.worker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.config.Location;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocationsTest {
  private static boolean overlap(String a, String b) {
    return Locations.overlap(Locations.parse("--from", a), Locations.parse("--to", b));
  }

  @Test
  void barePathsBecomeAbsoluteAndProfilesStay() {
    Location local = Locations.parse("--from", "./data/../in");
    assertTrue(local.isLocal());
    assertEquals(Path.of("in").toAbsolutePath().toString(), local.path());
    assertEquals("src:bucket/in", Locations.parse("--from", "src:bucket/in").toString());
    assertEquals(System.getProperty("user.home") + "/x", Locations.parse("--to", "~/x").path());
  }

  @Test
  void nestedOrEqualLocationsOverlap() {
    assertTrue(overlap("/data", "/data"));
    assertTrue(overlap("/data", "/data/out"));
    assertTrue(overlap("/data/in/", "/data"));
    assertTrue(overlap("s3:b/in", "s3:b/in/sub"));
    assertTrue(overlap("s3:b", "s3:b/anything"));
  }

  @Test
  void siblingsAndOtherProfilesDoNot() {
    assertFalse(overlap("/data/in", "/data/input"));
    assertFalse(overlap("s3:b/in", "s3:b/input"));
    assertFalse(overlap("s3:a/in", "s3:ab/in"));
    assertFalse(overlap("s3:b/in", "other:b/in"));
    assertFalse(overlap("/b/in", "s3:b/in"));
  }
}
