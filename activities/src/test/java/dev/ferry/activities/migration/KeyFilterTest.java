package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyFilterTest {
  @Test
  void noGlobsMatchEverything() {
    assertTrue(KeyFilter.of(List.of(), List.of()).matches("a/b/c"));
  }

  @Test
  void aGlobWithoutSlashMatchesTheFileName() {
    KeyFilter f = KeyFilter.of(List.of("*.txt"), List.of());
    assertTrue(f.matches("a.txt"));
    assertTrue(f.matches("deep/dir/a.txt"));
    assertFalse(f.matches("a.txt/b.bin"));
    assertFalse(f.matches("a.txt.gz"));
  }

  @Test
  void aGlobWithSlashMatchesTheWholeKey() {
    KeyFilter f = KeyFilter.of(List.of("logs/*.gz"), List.of());
    assertTrue(f.matches("logs/a.gz"));
    assertFalse(f.matches("logs/2026/a.gz"), "* stays within one segment");
    assertTrue(KeyFilter.of(List.of("logs/**"), List.of()).matches("logs/2026/01/a.gz"));
  }

  @Test
  void excludesWinAndMetacharactersAreLiteral() {
    KeyFilter f = KeyFilter.of(List.of("*"), List.of("tmp/**", "?.bak"));
    assertFalse(f.matches("tmp/x"));
    assertFalse(f.matches("a.bak"));
    assertTrue(f.matches("ab.bak"));
    assertTrue(KeyFilter.of(List.of("a+b(1).txt"), List.of()).matches("a+b(1).txt"));
    assertFalse(KeyFilter.of(List.of("a.txt"), List.of()).matches("abtxt"));
  }
}
