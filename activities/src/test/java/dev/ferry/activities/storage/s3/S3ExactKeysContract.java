package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.OpenWithMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.testing.S3TestServer;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys with {@code .} and {@code ..} segments and {@code //} reach the server as themselves: never
 * resolved into another key, another prefix or another bucket. Run against every S3 server that
 * holds such keys, and against those that do not, where ferry must refuse to write them; each
 * subclass only names its server and what it deviates in.
 */
abstract class S3ExactKeysContract {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final S3TestServer server;
  private S3Connection connection;
  private String bucket;
  private String other;

  /** Tests against {@code server}, which the subclass registers as an extension. */
  protected S3ExactKeysContract(S3TestServer server) {
    this.server = server;
  }

  /**
   * Whether the server keeps {@code .}, {@code ..} and {@code //} in paths as sent; one that
   * resolves them itself (versitygw in its HTTP layer, S3Proxy in its file store) cannot hold such
   * keys, and ferry must refuse to write them.
   */
  protected boolean keepsPaths() {
    return true;
  }

  /** Whether the server holds keys with a line feed (moto's router answers 404 for them). */
  protected boolean holdsLineFeedKeys() {
    return true;
  }

  @BeforeEach
  void buckets() {
    connection = S3Connection.create(server.profile("exact"));
    String n = BUCKETS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    bucket = "exact-" + n;
    other = "other-" + n;
    server.createBucket(bucket);
    server.createBucket(other);
  }

  @AfterEach
  void disconnect() {
    connection.close();
  }

  private S3Backend backend(String bucketName, String prefix) {
    return S3Backend.create(
        connection, bucketName, prefix, "s3 exact:" + bucketName + "/" + prefix);
  }

  @Test
  void dotSegmentKeyAndTheKeyItWouldResolveToStayTwoObjects() {
    assumeTrue(keepsPaths(), "this server resolves paths itself");
    S3Backend s3 = backend(bucket, "in");
    put(s3, "b", "plain b");
    put(s3, "a/../b", "dotted");
    assertEquals(List.of("a/../b", "b"), keys(s3));
    assertEquals("plain b", text(s3, "b"));
    assertEquals("dotted", text(s3, "a/../b"));
    assertEquals(6, s3.stat("a/../b").orElseThrow().size());

    s3.delete(List.of("a/../b"));
    assertEquals(List.of("b"), keys(s3));
    assertEquals("plain b", text(s3, "b"));
  }

  @Test
  void everyDotAndSlashKeyRoundTripsWithItsMetadata() {
    assumeTrue(keepsPaths(), "this server resolves paths itself");
    S3Backend s3 = backend(bucket, "p");
    List<String> keys = List.of("plain", "..", ".", "./z", "a//", "a//b", "x/.", "x/./y", "x/../y");
    ObjectMetadata meta = new ObjectMetadata("text/x-ferry", Map.of("owner", "ops"));
    for (String key : keys) {
      byte[] bytes = ("bytes of " + key).getBytes(StandardCharsets.UTF_8);
      s3.put(key, new ByteArrayInputStream(bytes), bytes.length, meta);
    }
    assertEquals(keys.stream().sorted().toList(), keys(s3));
    for (String key : keys) {
      assertEquals("bytes of " + key, text(s3, key));
      ObjectInfo info = s3.stat(key).orElseThrow();
      assertEquals("text/x-ferry", info.contentType(), key);
      assertEquals("ops", info.userMetadata().get("owner"), key);
    }
    s3.delete(keys);
    assertEquals(List.of(), keys(s3));
  }

  /** The JDK's client sends headers as ASCII: other metadata is refused, never stored garbled. */
  @Test
  void metadataOutsideAsciiIsRefusedForSuchKeysNotGarbled() {
    assumeTrue(keepsPaths(), "this server resolves paths itself");
    S3Backend s3 = backend(bucket, "meta");
    byte[] bytes = {1, 2, 3};
    ObjectMetadata meta = new ObjectMetadata("text/plain", Map.of("note", "café"));
    PermanentStorageException refused =
        assertThrows(
            PermanentStorageException.class,
            () -> s3.put("a/../b", new ByteArrayInputStream(bytes), 3, meta));
    assertTrue(refused.getMessage().contains("not ASCII"), refused.getMessage());
    assertEquals(List.of(), keys(s3));
  }

  @Test
  void keyClimbingOutOfItsBucketNeverTouchesTheOtherBucket() {
    assumeTrue(keepsPaths(), "this server resolves paths itself");
    S3Backend sentinel = backend(other, "");
    put(sentinel, "k", "other's own");
    S3Backend s3 = backend(bucket, "");
    String climbing = "x/../../" + other + "/k";
    put(s3, climbing, "not for other");
    assertEquals("not for other", text(s3, climbing));
    assertTrue(s3.stat(climbing).isPresent());

    s3.delete(List.of(climbing));
    assertEquals(List.of(), keys(s3));
    assertEquals(List.of("k"), keys(sentinel));
    assertEquals("other's own", text(sentinel, "k"));
  }

  @Test
  void storeThatResolvesPathsRefusesSuchKeysAndLeavesTheirNamesakesAlone() {
    assumeFalse(keepsPaths(), "this server keeps paths as sent");
    S3Backend s3 = backend(bucket, "in");
    put(s3, "a/x", "a's x"); // so that a store resolving in its file tree finds directory a
    put(s3, "b", "plain b");
    for (String key : List.of("a/../b", "a/./b", "a//b", "../in/b")) {
      PermanentStorageException refused =
          assertThrows(PermanentStorageException.class, () -> put(s3, key, "not for b"), key);
      assertTrue(
          refused.getMessage().contains("cannot hold the key as it is"), refused.getMessage());
    }
    byte[] big = new byte[9 * 1024 * 1024];
    assertThrows(
        PermanentStorageException.class,
        () -> s3.put("a/../b", new ByteArrayInputStream(big), -1, ObjectMetadata.EMPTY));
    assertEquals(List.of("a/x", "b"), keys(s3));
    assertEquals("plain b", text(s3, "b"));
    assertEquals("a's x", text(s3, "a/x"));
  }

  @Test
  void batchDeleteRemovesOnlyTheKeysNamedEvenWithControlCharacters() {
    S3Backend s3 = backend(bucket, "ctl");
    List<String> keys = new ArrayList<>(List.of("a\rb", "a b", "tab\tkey", "a&amp;b", "a&b"));
    if (holdsLineFeedKeys()) {
      keys.addAll(List.of("a\nb", "a\r\nb"));
    }
    for (String key : keys) {
      put(s3, key, key);
    }
    assertEquals(keys.stream().sorted().toList(), keys(s3));
    s3.delete(List.of("a\rb", "a&amp;b", "tab\tkey"));
    keys.removeAll(List.of("a\rb", "a&amp;b", "tab\tkey"));
    assertEquals(keys.stream().sorted().toList(), keys(s3));
    for (String key : keys) {
      assertEquals(key, text(s3, key));
    }
  }

  @Test
  void largeObjectUnderDotSegmentKeyGoesUpInPartsWithItsChecksum() {
    assumeTrue(keepsPaths(), "this server resolves paths itself");
    S3Backend s3 = backend(bucket, "big");
    byte[] bytes = new byte[9 * 1024 * 1024 + 17];
    new Random(12).nextBytes(bytes);
    String key = "../big/./" + "k".repeat(200);
    // Unknown length, so the MD5 is recorded afterwards by a copy of the object onto itself.
    ObjectInfo written =
        s3.put(
            key, new ByteArrayInputStream(bytes), -1, new ObjectMetadata("video/x-big", Map.of()));
    assertArrayEquals(bytes, read(s3, key));
    ObjectInfo info = s3.stat(key).orElseThrow();
    assertEquals(bytes.length, info.size());
    assertEquals(written.checksum(), info.checksum());
    assertEquals("video/x-big", info.contentType());
    assertEquals(List.of(key), keys(s3));
  }

  /**
   * Tags go up with such keys, through one PUT and through an upload of unknown length that records
   * its MD5 by a copy onto itself, and are read back by their exact path.
   */
  @Test
  void suchKeysCarryTheirTagsBothWays() throws IOException {
    assumeTrue(keepsPaths(), "this server resolves paths itself");
    S3Backend s3 = backend(bucket, "tagged");
    Map<String, String> tags = Map.of("owner", "ops team", "rule", "a=b/c");
    byte[] big = new byte[9 * 1024 * 1024 + 5];
    new Random(3).nextBytes(big);
    s3.put("a//b", new ByteArrayInputStream(big, 0, 10), 10, ObjectMetadata.EMPTY.withTags(tags));
    s3.put("x/../y", new ByteArrayInputStream(big), -1, ObjectMetadata.EMPTY.withTags(tags));
    for (String key : List.of("a//b", "x/../y")) {
      ObjectInfo listed = s3.stat(key).orElseThrow();
      OpenWithMetadata.Opened opened = s3.openWithMetadata(listed);
      opened.data().close();
      assertEquals(tags, opened.metadata().tags(), key);
      assertEquals(tags, s3.metadataOf(listed).tags(), key);
    }
  }

  /**
   * Such keys take the profile's storage class through one PUT, an upload of unknown length (whose
   * copy onto itself sets it) and a server-side copy, as the store's own listing says.
   */
  @Test
  void suchKeysTakeTheStorageClass() throws Exception {
    assumeTrue(keepsPaths(), "this server resolves paths itself");
    try (S3Connection classed =
        S3Connection.create(server.profileWith("classed", Map.of("storageClass", "STANDARD_IA")))) {
      S3Backend s3 = S3Backend.create(classed, bucket, "c", "s3 classed:" + bucket + "/c");
      byte[] big = new byte[6 * 1024 * 1024 + 5];
      s3.put("a//b", new ByteArrayInputStream(big, 0, 10), 10, ObjectMetadata.EMPTY);
      s3.put("x/../y", new ByteArrayInputStream(big), -1, ObjectMetadata.EMPTY);
      S3Backend to = S3Backend.create(classed, other, "", "s3 classed:" + other);
      to.copyFrom(s3, "a//b", "a//b", s3.stat("a//b").orElseThrow());
      Map<String, String> classes = new TreeMap<>();
      for (String name : List.of(bucket, other)) {
        for (Result<Item> r :
            server
                .client()
                .listObjects(ListObjectsArgs.builder().bucket(name).recursive(true).build())) {
          classes.put(name + ":" + r.get().objectName(), r.get().storageClass());
        }
      }
      assertEquals(
          Map.of(
              bucket + ":c/a//b", "STANDARD_IA",
              bucket + ":c/x/../y", "STANDARD_IA",
              other + ":a//b", "STANDARD_IA"),
          classes);
    }
  }

  @Test
  void serverSideCopyOfDotSegmentKeysCopiesExactly() {
    assumeTrue(keepsPaths(), "this server resolves paths itself");
    S3Backend from = backend(bucket, "src");
    S3Backend to = backend(other, "dst");
    put(from, "a/../b", "dotted");
    put(from, "b", "plain");
    ObjectInfo copied = to.copyFrom(from, "a/../b", "a/../b", from.stat("a/../b").orElseThrow());
    assertEquals(6, copied.size());
    assertEquals(List.of("a/../b"), keys(to));
    assertEquals("dotted", text(to, "a/../b"));
  }

  private static void put(S3Backend s3, String key, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    s3.put(key, new ByteArrayInputStream(bytes), bytes.length, ObjectMetadata.EMPTY);
  }

  private static byte[] read(S3Backend s3, String key) {
    try (InputStream in = s3.open(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(S3Backend s3, String key) {
    return new String(read(s3, key), StandardCharsets.UTF_8);
  }

  private static List<String> keys(S3Backend s3) {
    List<String> keys = new ArrayList<>();
    s3.list(null, null, 1000).objects().forEach(o -> keys.add(o.key()));
    return keys;
  }
}
