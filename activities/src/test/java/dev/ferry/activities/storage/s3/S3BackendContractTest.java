package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ContentHeaders;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.KeyNamesContract;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.testing.S3TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite and the S3-only checks against one real S3 server process, one bucket per
 * test; each implementation's test only names its server and what it deviates in.
 */
abstract class S3BackendContractTest extends KeyNamesContract {
  private static final String PREFIX = "some/prefix";
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final S3TestServer server;
  private S3Connection connection;
  private String bucket;

  /** Tests against {@code server}, which the subclass registers as an extension. */
  protected S3BackendContractTest(S3TestServer server) {
    this.server = server;
  }

  /**
   * Whether the server keeps each object as a file named by its key's path segments, so that a
   * segment over 255 bytes (a file name's limit) and an empty segment (a leading {@code /}) cannot
   * be held.
   */
  protected boolean storesObjectsAsFiles() {
    return false;
  }

  @Override
  protected boolean holdsLongSegments() {
    return !storesObjectsAsFiles();
  }

  @Override
  protected boolean keepsEmptySegments() {
    return !storesObjectsAsFiles();
  }

  /** How the profile under test lists. */
  protected S3Listing listing() {
    return S3Listing.FLAT;
  }

  @AfterEach
  void disconnect() {
    connection.close();
  }

  @Override
  protected StorageBackend newBackend() {
    connection = S3Connection.create(server.profile("test", listing()));
    bucket = listing().id() + "-" + BUCKETS.incrementAndGet();
    server.createBucket(bucket);
    return S3Backend.create(connection, bucket, PREFIX, "s3 test:" + bucket + "/" + PREFIX);
  }

  @Override
  protected int prefixBytes() {
    return PREFIX.length() + 1;
  }

  /**
   * An object larger than a part (a multipart upload, with its MD5 recorded afterwards when the
   * length is unknown) under the longest key the store holds, of special and multi-byte characters.
   */
  @Test
  void largeObjectUnderTheLongestKey() {
    String key = "q?&=+ %#'" + keyOfBytes(maxKeyBytes() - prefixBytes() - 9, 3, 200);
    byte[] bytes = new byte[9 * 1024 * 1024 + 5];
    new java.util.Random(9).nextBytes(bytes);
    // Its standard properties are set when the upload is created, and kept when the MD5 is
    // recorded.
    ContentHeaders headers = new ContentHeaders("gzip", null, "no-cache", null);
    ObjectMetadata meta = new ObjectMetadata(null, Map.of(), null, null, headers);
    for (long size : new long[] {bytes.length, -1}) {
      backend.put(key, new ByteArrayInputStream(bytes), size, meta);
      assertEquals(List.of(key), listAll(1000));
      assertEquals(
          DigestingInputStream.md5Hex(bytes, bytes.length),
          backend.stat(key).orElseThrow().checksum());
      assertEquals(headers, backend.stat(key).orElseThrow().headers());
      assertArrayEquals(bytes, read(key));
    }
    backend.delete(List.of(key));
    assertEquals(List.of(), listAll(1000));
  }

  /** A content type is carried as the string it is, even one no media-type parser accepts. */
  @Test
  void contentTypesAreKeptVerbatim() {
    for (String type : new String[] {"application/x-ferry", "not-a-media-type"}) {
      backend.put(
          "k", new ByteArrayInputStream(new byte[1]), 1, new ObjectMetadata(type, Map.of()));
      assertEquals(type, backend.stat("k").orElseThrow().contentType());
    }
    backend.put("k", new ByteArrayInputStream(new byte[1]), 1, ObjectMetadata.EMPTY);
    assertEquals("application/octet-stream", backend.stat("k").orElseThrow().contentType());
  }

  /**
   * A metadata name no header can carry (from GCS or a filesystem, where any name goes) fails its
   * object alone, naming it, and writes nothing: moto stored {@code a:b} as {@code a} with the
   * value {@code b: c}, and the other servers answered with a signature error.
   */
  @Test
  void aMetadataNameNoHeaderCanCarryIsRefusedPerObject() {
    for (String name : new String[] {"a:b", "my key", "ключ"}) {
      PermanentStorageException e =
          assertThrows(
              PermanentStorageException.class,
              () ->
                  backend.put(
                      "m",
                      new ByteArrayInputStream(new byte[1]),
                      1,
                      new ObjectMetadata(null, Map.of(name, "c"))));
      assertTrue(e.getMessage().contains("user metadata name '" + name + "'"), e.getMessage());
    }
    assertEquals(List.of(), listAll(1000));
  }

  /** Keys ending in {@code /} (directory markers, as web consoles make them) are objects too. */
  @Test
  void directoryMarkersAreListedInKeyOrder() {
    checkUnless(
        holdsDirectoryMarkers(),
        "directory markers in a " + listing().id() + " listing",
        () -> {
          put("dir/", "");
          put("dir/a", "a");
          put("dir/sub/", "");
          put("e", "e");
          List<String> expected = List.of("dir/", "dir/a", "dir/sub/", "e");
          assertEquals(expected, listAll(1_000));
          assertEquals(expected, listAll(1));
        });
  }

  /** Listing directory by directory gives the flat listing's keys, page by page. */
  @Test
  void bothListingModesAgree() {
    List<String> keys =
        new ArrayList<>(List.of("a-b", "a/x", "a/y/z", "a/y-1", "a0", "c/d/e/f", "c/d0", "z"));
    for (String key : keys) {
      put(key, key);
    }
    keys.sort(KeyNamesContract::compareUtf8);
    S3Listing other = listing() == S3Listing.FLAT ? S3Listing.DIRECTORIES : S3Listing.FLAT;
    try (S3Connection c = S3Connection.create(server.profile("other", other))) {
      StorageBackend mode = S3Backend.create(c, bucket, PREFIX, "s3 other:" + bucket);
      for (int pageSize : new int[] {1, 3, 1000}) {
        assertEquals(keys, listAll(pageSize), listing().id() + ", pages of " + pageSize);
        StorageBackend mine = backend;
        backend = mode;
        try {
          assertEquals(keys, listAll(pageSize), other.id() + ", pages of " + pageSize);
        } finally {
          backend = mine;
        }
      }
    }
  }

  /** A key with a leading {@code /} at the bucket's root, where no prefix stands before it. */
  @Test
  void leadingSlashAtTheBucketRoot() {
    StorageBackend root = S3Backend.create(connection, bucket, "", "s3 test:" + bucket);
    StorageBackend prefixed = backend;
    backend = root;
    try {
      roundTripUnless(keepsEmptySegments(), "/at-root", "x".getBytes(StandardCharsets.UTF_8));
    } finally {
      backend = prefixed;
    }
  }

  /**
   * A write with a leading {@code /} (at the bucket's root, or under a prefix that starts with one)
   * lands under its own name or fails alone: never over the name without it. versitygw drops the
   * {@code /} (an audit saw {@code /lead1} overwrite {@code lead1}, and {@code b//dbl} write into
   * {@code dbl/}).
   */
  @Test
  void aLeadingSlashNeverWritesOverTheNameWithoutIt() {
    StorageBackend root = S3Backend.create(connection, bucket, "", "s3 test:" + bucket);
    StorageBackend slashed =
        S3Backend.create(connection, bucket, "/dbl", "s3 test:" + bucket + "//dbl");
    byte[] precious = "precious".getBytes(StandardCharsets.UTF_8);
    byte[] other = "other bytes".getBytes(StandardCharsets.UTF_8);
    root.put("lead", new ByteArrayInputStream(precious), precious.length, ObjectMetadata.EMPTY);
    root.put(
        "dbl/plain", new ByteArrayInputStream(precious), precious.length, ObjectMetadata.EMPTY);
    for (Runnable write :
        List.<Runnable>of(
            () ->
                root.put(
                    "/lead", new ByteArrayInputStream(other), other.length, ObjectMetadata.EMPTY),
            () ->
                slashed.put(
                    "plain",
                    new ByteArrayInputStream(other),
                    other.length,
                    ObjectMetadata.EMPTY))) {
      try {
        write.run();
      } catch (PermanentStorageException refused) {
        // refused alone, by ferry (versitygw) or by the store (S3Proxy): never written elsewhere
      }
    }
    for (String key : List.of("lead", "dbl/plain")) {
      try (InputStream in = root.open(key)) {
        assertArrayEquals(precious, in.readAllBytes(), key);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * A non-empty object under a key ending in {@code /} is stored whole or refused alone: S3Proxy's
   * file store kept a directory and none of the bytes, and answered 200 (an audit's copy of 71
   * bytes was counted copied and verified on arrival).
   */
  @Test
  void aNonEmptyObjectUnderAKeyEndingInSlashIsStoredWholeOrRefused() throws IOException {
    byte[] bytes = "bytes under a key that ends in a slash".getBytes(StandardCharsets.UTF_8);
    try {
      backend.put("marker/", new ByteArrayInputStream(bytes), bytes.length, ObjectMetadata.EMPTY);
    } catch (PermanentStorageException refused) {
      return; // versitygw: DirectoryObjectContainsData; S3Proxy: kept none of the bytes
    }
    try (InputStream in = backend.open("marker/")) {
      assertArrayEquals(bytes, in.readAllBytes());
    }
  }

  /**
   * A directory marker a move or sync deletes while it is as listed: S3Proxy answers {@code
   * If-Match} with 412 for a marker (its file store keeps a directory, whose HEAD has no ETag),
   * which left every marker of an audit's move at the source as SOURCE_CHANGED, run after run.
   */
  @Test
  void anUnchangedDirectoryMarkerIsDeleted() {
    backend.put("m/", new ByteArrayInputStream(new byte[0]), 0, ObjectMetadata.EMPTY);
    backend.put("m/inside", new ByteArrayInputStream(new byte[] {1}), 1, ObjectMetadata.EMPTY);
    List<ObjectInfo> listed = backend.list(null, null, 10).objects();
    assertEquals(List.of("m/", "m/inside"), listed.stream().map(ObjectInfo::key).toList());

    assertEquals(List.of(), backend.deleteUnchanged(listed));
    assertEquals(List.of(), backend.list(null, null, 10).objects());
  }
}
