package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  // Each expectation below is what rclone lsf --include / --exclude selects from the same tree.
  @Test
  void anIncludeWithSlashMatchesFromTheRootAsInRclone() {
    KeyFilter f = KeyFilter.of(List.of("logs/*.gz"), List.of());
    assertTrue(f.matches("logs/a.gz"));
    assertFalse(f.matches("old/logs/a.gz"), "rclone never descends into old/");
    assertFalse(f.matches("logs/2026/a.gz"), "* stays within one segment");
    assertTrue(KeyFilter.of(List.of("logs/**"), List.of()).matches("logs/2026/01/a.gz"));
  }

  @Test
  void anExcludeWithSlashMatchesWholeSegmentsAtAnyDepthAsInRclone() {
    KeyFilter f = KeyFilter.of(List.of(), List.of("cache/**", "lead/*"));
    assertFalse(f.matches("cache/f"));
    assertFalse(f.matches("a/cache/e"));
    assertTrue(f.matches("mycache/g"), "whole segments only");
    assertFalse(f.matches("x/lead/c"));
    assertTrue(f.matches("lead/sub/b"), "* stays within one segment");
  }

  @Test
  void anExcludeEndingInSlashLeavesOutTheDirectoryAsInRclone() {
    KeyFilter f = KeyFilter.of(List.of(), List.of("x/", "/top/"));
    assertFalse(f.matches("x/1"));
    assertFalse(f.matches("a/x/y/4"));
    assertTrue(f.matches("ax/1"));
    assertFalse(f.matches("top/a"));
    assertTrue(f.matches("a/top/b"));
  }

  @Test
  void aLeadingSlashAnchorsAtTheRootAsInRclone() {
    KeyFilter f = KeyFilter.of(List.of("/lead/**"), List.of());
    assertTrue(f.matches("lead/a"));
    assertTrue(f.matches("lead/sub/b"));
    assertFalse(f.matches("x/lead/a"));
    assertFalse(f.matches("leadx/d"));
    assertTrue(KeyFilter.of(List.of("/*.txt"), List.of()).matches("a.txt"));
    assertFalse(KeyFilter.of(List.of("/*.txt"), List.of()).matches("d/a.txt"));
    KeyFilter excluding = KeyFilter.of(List.of(), List.of("/lead/**"));
    assertFalse(excluding.matches("lead/a"));
    assertTrue(excluding.matches("x/lead/c"));
  }

  @Test
  void listingsLeaveOutTheDirectoriesAnExcludeNamesWhole() {
    MigrationRequest request = MigrationRequest.of("/never/a", "/never/b").withRcloneGlobs(true);
    Predicate<String> enters =
        KeyFilter.entersFor(withExcludes(request, "cache/**", "/private/**", "*.tmp"));
    assertFalse(enters.test("cache/"));
    assertFalse(enters.test("a/b/cache/"));
    assertFalse(enters.test("private/"));
    assertTrue(enters.test("a/private/"), "anchored at the root");
    assertTrue(enters.test("mycache/"));
    assertTrue(enters.test("x.tmp/"), "a file-name glob says nothing of a directory");
    assertFalse(KeyFilter.entersFor(withExcludes(request, "tmp/")).test("a/tmp/"));
    assertTrue(
        KeyFilter.entersFor(withExcludes(request.withRcloneGlobs(false), "cache/**"))
            .test("cache/"));
  }

  @Test
  void listingsEnterOnlyTheDirectoriesAnIncludeFromTheRootCanMatchIn() {
    MigrationRequest request = MigrationRequest.of("/never/a", "/never/b").withRcloneGlobs(true);
    Predicate<String> enters =
        KeyFilter.entersFor(withIncludes(request, List.of("/ok1/**", "logs/2024-*/x.log")));
    assertTrue(enters.test("ok1/"));
    assertTrue(enters.test("ok1/deep/"));
    assertTrue(enters.test("logs/"));
    assertTrue(enters.test("logs/2024-01/"));
    assertFalse(enters.test("ok2/"));
    assertFalse(enters.test("noread/"));
    assertFalse(enters.test("logs/2023-12/"));
    assertFalse(enters.test("a/ok1/"), "anchored at the root");
    Predicate<String> anyDepth =
        KeyFilter.entersFor(withIncludes(request, List.of("/ok1/**", "*.txt")));
    assertTrue(anyDepth.test("noread/"), "a file-name include matches at any depth");
    assertTrue(KeyFilter.entersFor(withIncludes(request, List.of("*/x/*"))).test("any/"));
    assertTrue(
        KeyFilter.entersFor(withIncludes(request.withRcloneGlobs(false), List.of("/ok1/**")))
            .test("ok2/"));
  }

  @Test
  void everyKeyAnIncludeMatchesLiesInDirectoriesTheListingEnters() {
    MigrationRequest request = MigrationRequest.of("/never/a", "/never/b").withRcloneGlobs(true);
    List<String> keys =
        List.of("ok1/a", "ok1/d/b", "ok12/c", "o/k", "logs/2024-01/x.log", "x/ok1/y", "[a]/b");
    for (String include : List.of("/ok1/**", "ok*/**", "ok1*/*", "logs/2024-*/x.log", "\\[a]/*")) {
      KeyFilter filter = KeyFilter.of(List.of(include), List.of());
      Predicate<String> enters = KeyFilter.entersFor(withIncludes(request, List.of(include)));
      for (String key : keys) {
        if (filter.matches(key)) {
          for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
            assertTrue(enters.test(key.substring(0, slash + 1)), include + " and " + key);
          }
        }
      }
    }
  }

  private static MigrationRequest withExcludes(MigrationRequest r, String... excludes) {
    return withGlobs(r, r.include(), List.of(excludes));
  }

  private static MigrationRequest withIncludes(MigrationRequest r, List<String> includes) {
    return withGlobs(r, includes, r.exclude());
  }

  private static MigrationRequest withGlobs(
      MigrationRequest r, List<String> includes, List<String> excludes) {
    return new MigrationRequest(
            r.source(),
            r.destination(),
            r.mode(),
            r.maxConcurrency(),
            r.verification(),
            r.maxRetries(),
            r.initialRetryInterval(),
            includes,
            excludes,
            r.ifExists(),
            r.dryRun(),
            r.batchMaxObjects(),
            r.batchMaxBytes(),
            r.useSearchAttributes())
        .withRcloneGlobs(r.rcloneGlobs());
  }

  @Test
  void requestsOfEarlierClientsKeepTheirRule(@TempDir Path dir) {
    StorageBackend destination = FileSystemBackend.create(dir);
    // As an earlier client sent it: the request without rcloneGlobs.
    MigrationRequest earlier =
        new MigrationRequest(
            "/never/a",
            "/never/b",
            Mode.COPY,
            8,
            Verification.CHECKSUM,
            5,
            Duration.ofSeconds(1),
            List.of("logs/*.gz", "/lead/**"),
            List.of(),
            IfExists.SKIP_IDENTICAL,
            false,
            1000,
            1L << 30,
            false);
    KeyFilter f = KeyFilter.of(earlier, destination);
    assertTrue(f.matches("logs/a.gz"));
    assertFalse(f.matches("old/logs/a.gz"), "a glob with / matched the whole key");
    assertFalse(f.matches("lead/a"), "and a leading / was a character of the key");
    assertTrue(f.matches("/lead/a"));
    assertTrue(KeyFilter.of(earlier.withRcloneGlobs(true), destination).matches("lead/a"));
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

  @Test
  void bracesClassesAndEscapesWorkAsInRclone() {
    // Before: a brace was literal, so an rclone user's '*.{jpg,png}' matched nothing at all.
    KeyFilter pictures = KeyFilter.of(List.of("*.{jpg,png}"), List.of());
    assertTrue(pictures.matches("a/b.jpg"));
    assertTrue(pictures.matches("b.png"));
    assertFalse(pictures.matches("b.gif"));
    assertFalse(pictures.matches("b.{jpg,png}"));
    KeyFilter numbered = KeyFilter.of(List.of("img[0-9].raw", "x[!a-c].bin"), List.of());
    assertTrue(numbered.matches("img7.raw"));
    assertFalse(numbered.matches("imga.raw"));
    assertTrue(numbered.matches("xd.bin"));
    assertFalse(numbered.matches("xb.bin"));
    assertFalse(KeyFilter.of(List.of("a[!x]b"), List.of()).matches("a/b"), "never a slash");
    assertFalse(KeyFilter.of(List.of("d/a[!x]b"), List.of()).matches("d/a/b"), "nor in a path");
    assertTrue(KeyFilter.of(List.of("photo \\[1\\].jpg"), List.of()).matches("photo [1].jpg"));
    assertFalse(KeyFilter.of(List.of("photo \\[1\\].jpg"), List.of()).matches("photo 1.jpg"));
    assertTrue(KeyFilter.of(List.of("\\*"), List.of()).matches("*"));
    assertFalse(KeyFilter.of(List.of("\\*"), List.of()).matches("a"));
    assertTrue(KeyFilter.of(List.of("a\\\\b"), List.of()).matches("a\\b"));
  }

  @Test
  void charactersBeyondTheBasicPlaneAreOneCharacter() {
    assertTrue(KeyFilter.of(List.of("x\uD83D\uDE00.txt"), List.of()).matches("x\uD83D\uDE00.txt"));
    assertTrue(KeyFilter.of(List.of("x?.txt"), List.of()).matches("x\uD83D\uDE00.txt"));
    assertTrue(KeyFilter.of(List.of("[\uD83D\uDE00a]"), List.of()).matches("\uD83D\uDE00"));
  }

  @Test
  void anOpenBracketOrBraceIsLiteral() {
    assertTrue(KeyFilter.of(List.of("a[b"), List.of()).matches("a[b"));
    assertFalse(KeyFilter.of(List.of("a{b"), List.of()).matches("ab"));
    assertTrue(KeyFilter.of(List.of("a}b,c"), List.of()).matches("a}b,c"));
  }
}
