package dev.ferry.activities.storage.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataNamesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "owner",
        "x-foo",
        "ferry-md5",
        "ferry_md5",
        "FERRY_x",
        "_under",
        "9lives",
        "a b",
        "straße",
        "😀",
        "ferry_",
        "x_2d",
        "md5chksum"
      })
  void encodingIsAnIdentifierAndReversible(String name) {
    String stored = MetadataNames.encode(name);
    assertTrue(stored.matches("[A-Za-z_][A-Za-z0-9_]*"), stored);
    assertEquals(name, MetadataNames.decode(stored));
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "_under", "md5chksum", "CamelCase"})
  void identifiersAreStoredAsTheyAre(String name) {
    assertEquals(name, MetadataNames.encode(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ferry_x_zz", "ferry_x_2"})
  void undecodableNamesPassThrough(String stored) {
    assertEquals(stored, MetadataNames.decode(stored));
  }

  @org.junit.jupiter.api.Test
  void documentedExamples() {
    assertEquals("ferry_x_2dfoo", MetadataNames.encode("x-foo"));
    assertEquals("ferry_ferry_5fa", MetadataNames.encode("ferry_a"));
  }
}
