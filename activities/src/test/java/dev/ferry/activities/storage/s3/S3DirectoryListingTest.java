package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.config.S3Listing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conformance suite against S3Proxy, listing directory by directory. */
class S3DirectoryListingTest extends S3BackendTest {
  @Override
  protected S3Listing listing() {
    return S3Listing.DIRECTORIES;
  }

  /**
   * Keys ending in {@code /} (directory markers, as web consoles make them) are objects too. Only
   * this listing mode is checked: S3Proxy takes the empty {@code delimiter} parameter that the
   * MinIO client sends with every flat listing for a {@code /}, and reports markers as common
   * prefixes.
   */
  @Test
  void directoryMarkersAreListedInKeyOrder() {
    put("dir/", "");
    put("dir/a", "a");
    put("dir/sub/", "");
    put("e", "e");
    List<String> expected = List.of("dir/", "dir/a", "dir/sub/", "e");
    assertEquals(expected, listAll(1_000));
    assertEquals(expected, listAll(1));
  }
}
