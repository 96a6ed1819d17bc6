package dev.ferry.activities.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocationTest {

  @Test
  void bucketAndPrefix() {
    Location l = Location.parse("src:bucket/in/2024");
    assertEquals("src", l.profile());
    assertEquals("bucket", l.bucket());
    assertEquals("in/2024", l.prefix());
    assertEquals("src:bucket/in/2024", l.toString());
  }

  @Test
  void aSlashAfterTheBucketsIsPartOfThePrefix() {
    assertEquals("/in", Location.parse("src:bucket//in").prefix());
    assertEquals("bucket", Location.parse("src:bucket//in").bucket());
    assertEquals("in//", Location.parse("src:bucket/in//").prefix());
    assertEquals("", Location.parse("src:bucket/").prefix());
  }

  @Test
  void wholeBucket() {
    Location l = Location.parse("my_store-1:bucket");
    assertEquals("my_store-1", l.profile());
    assertEquals("bucket", l.bucket());
    assertEquals("", l.prefix());
  }

  @Test
  void fileProfilePath() {
    Location l = Location.parse("archive:/x/y");
    assertEquals("archive", l.profile());
    assertEquals("/x/y", l.path());
  }

  @Test
  void barePathsAreLocal() {
    assertTrue(Location.parse("/data/in").isLocal());
    assertTrue(Location.parse("./out").isLocal());
    assertTrue(Location.parse("../up:odd").isLocal());
    assertTrue(Location.parse("/srv/a:b").isLocal());
    assertTrue(Location.parse("relative/dir").isLocal());
    assertTrue(Location.parse("has space:x").isLocal());
    assertNull(Location.parse(".hidden:thing").profile());
  }

  @Test
  void colonAfterSlashIsPath() {
    Location l = Location.parse("dir/a:b");
    assertTrue(l.isLocal());
    assertEquals("dir/a:b", l.path());
  }

  @Test
  void absoluteResolvesLocalOnly() {
    Location l = Location.parse("./out/../out2").toAbsolute();
    assertEquals(Path.of("out2").toAbsolutePath().toString(), l.path());
    Location p = Location.parse("src:b/p");
    assertEquals(p, p.toAbsolute());
  }

  @Test
  void emptyIsRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> Location.parse(" "));
    assertTrue(e.getMessage().contains("empty location"));
    assertFalse(e.getMessage().contains("\n"));
  }
}
