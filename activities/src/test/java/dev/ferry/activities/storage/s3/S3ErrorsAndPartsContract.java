package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.testing.S3TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * S3-only behaviour against one real server: error classes, multipart uploads, server-side copy;
 * each implementation's test names its server and what it deviates in.
 */
abstract class S3ErrorsAndPartsContract {
  private static final long PART = S3Type.MIN_PART_SIZE;

  /** The server under test, which the subclass registers as an extension. */
  protected final S3TestServer server;

  protected S3ErrorsAndPartsContract(S3TestServer server) {
    this.server = server;
  }

  /** Whether requests signed with a wrong secret are refused (moto accepts any credentials). */
  protected boolean checksSignatures() {
    return true;
  }

  /** A profile for this server with the smallest parts, signing with {@code secret}. */
  protected BackendProfile smallParts(String secret) {
    return S3Type.profile(
        "small", server.endpoint(), S3TestServer.REGION, server.accessKey(), secret, PART, null);
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Reads {@code in} fully and closes it. */
  protected static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void missingBucketIsAFaultOfTheLocationAndNamed() {
    try (S3Connection c = S3Connection.create(server.profile("p"))) {
      S3Backend backend = S3Backend.create(c, "no-such-bucket-x", "", "s3 p:no-such-bucket-x");
      LocationFaultException e =
          assertThrows(LocationFaultException.class, () -> backend.list(null, null, 10));
      assertEquals(LocationFaultException.Kind.GONE, e.kind());
      assertEquals(backend.describe(), e.location());
      assertTrue(e.getMessage().contains("no-such-bucket-x"), e.getMessage());
    }
  }

  @Test
  void wrongSecretIsRefusedWithoutTheSecret() {
    server.createBucket("wrong-secret");
    String wrong = "WRONG-secret-value-42";
    try (S3Connection c = S3Connection.create(smallParts(wrong))) {
      S3Backend backend = S3Backend.create(c, "wrong-secret", "", "s3 small:wrong-secret");
      if (!checksSignatures()) {
        assertTrue(backend.list(null, null, 10).objects().isEmpty(), "a wrong secret is let in");
        return;
      }
      for (Runnable call :
          new Runnable[] {
            () -> backend.list(null, null, 10),
            () -> backend.put("k", new ByteArrayInputStream(new byte[3]), 3, ObjectMetadata.EMPTY)
          }) {
        LocationFaultException e = assertThrows(LocationFaultException.class, call::run);
        assertEquals(LocationFaultException.Kind.CREDENTIALS, e.kind());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(e.getMessage().contains(server.secretKey()), e.getMessage());
        assertFalse(String.valueOf(e).contains(wrong));
      }
    }
  }

  @Test
  void multipartKnownAndUnknownSizeKeepChecksumAndMetadata() throws IOException {
    server.createBucket("multipart");
    try (S3Connection c = S3Connection.create(smallParts(server.secretKey()))) {
      S3Backend backend = S3Backend.create(c, "multipart", "in", "s3 small:multipart/in");
      ObjectMetadata meta = new ObjectMetadata("application/x-test", Map.of("origin", "unit"));
      for (long size : new long[] {2 * PART + 12_345, -1}) {
        byte[] bytes = random((int) (2 * PART + 777), size);
        int length = size < 0 ? bytes.length : (int) size;
        byte[] data = java.util.Arrays.copyOf(bytes, length);
        String key = "big-" + size;
        ObjectInfo written = backend.put(key, new ByteArrayInputStream(data), size, meta);
        String md5 = DigestingInputStream.md5Hex(data, data.length);
        assertEquals(md5, written.checksum());
        assertEquals(length, written.size());
        ObjectInfo stat = backend.stat(key).orElseThrow();
        assertEquals(md5, stat.checksum(), "recorded as metadata, not the multipart ETag");
        assertEquals("application/x-test", stat.contentType());
        assertEquals(Map.of("origin", "unit"), stat.userMetadata());
        assertArrayEquals(data, readAll(backend.open(key)));
      }
      byte[] exact = random((int) PART, 3);
      ObjectInfo one =
          backend.put("exact", new ByteArrayInputStream(exact), -1, ObjectMetadata.EMPTY);
      assertEquals(DigestingInputStream.md5Hex(exact, exact.length), one.checksum());
      assertArrayEquals(exact, readAll(backend.open("exact")));
    }
  }

  /**
   * Part buffers are used again once their request has ended: an object of more parts than are ever
   * in flight comes back byte for byte (the server also checks each part's CRC32C).
   */
  @Test
  void morePartsThanInFlightComeBackByteForByte() throws IOException {
    server.createBucket("many-parts");
    try (S3Connection c = S3Connection.create(smallParts(server.secretKey()))) {
      S3Backend backend = S3Backend.create(c, "many-parts", "", "s3 small:many-parts");
      byte[] data = random((int) (3 * S3Backend.PARALLEL_PARTS * PART + 4_321), 17);
      String md5 = DigestingInputStream.md5Hex(data, data.length);
      ObjectInfo written =
          backend.put("many", new ByteArrayInputStream(data), data.length, ObjectMetadata.EMPTY);
      assertEquals(md5, written.checksum());
      assertArrayEquals(data, readAll(backend.open("many")));
    }
  }

  @Test
  void serverSideCopyWithinOneAccount() throws IOException {
    server.createBucket("ssc-a");
    server.createBucket("ssc-b");
    try (S3Connection c1 = S3Connection.create(server.profile("one"));
        S3Connection c2 = S3Connection.create(server.profile("two"));
        S3Connection other = S3Connection.create(smallParts("another-secret"))) {
      S3Backend source = S3Backend.create(c1, "ssc-a", "src", "s3 one:ssc-a/src");
      S3Backend target = S3Backend.create(c2, "ssc-b", "", "s3 two:ssc-b");
      assertTrue(target.canCopyFrom(source), "same endpoint and credentials");
      assertFalse(S3Backend.create(other, "ssc-b", "", "x").canCopyFrom(source));
      byte[] bytes = random(1000, 9);
      source.put(
          "k",
          new ByteArrayInputStream(bytes),
          bytes.length,
          new ObjectMetadata("text/x", Map.of("a", "b")));
      ObjectInfo info = source.stat("k").orElseThrow();
      ObjectInfo copied = target.copyFrom(source, "k", "copied/k", info);
      assertEquals(info.checksum(), copied.checksum());
      assertEquals("text/x", copied.contentType());
      assertEquals(Map.of("a", "b"), copied.userMetadata());
      assertArrayEquals(bytes, readAll(target.open("copied/k")));
    }
  }

  @Test
  void listingHasNoUserMetadataButStatHas() {
    server.createBucket("listing-meta");
    try (S3Connection c = S3Connection.create(server.profile("p"))) {
      S3Backend backend = S3Backend.create(c, "listing-meta", "", "s3 p:listing-meta");
      backend.put(
          "k",
          new ByteArrayInputStream(new byte[] {1}),
          1,
          new ObjectMetadata(null, Map.of("x", "y")));
      ObjectInfo listed = backend.list(null, null, 10).objects().get(0);
      assertEquals("k", listed.key());
      assertNull(listed.contentType());
      assertEquals(Map.of("x", "y"), backend.stat("k").orElseThrow().userMetadata());
    }
  }

  @Test
  void prefixIsADirectory() {
    server.createBucket("prefixes");
    try (S3Connection c = S3Connection.create(server.profile("p"))) {
      S3Backend whole = S3Backend.create(c, "prefixes", "", "s3 p:prefixes");
      for (String key : new String[] {"in-other/x", "in.txt", "in/a", "in/b/c", "in0", "io"}) {
        whole.put(key, new ByteArrayInputStream(new byte[] {1}), 1, ObjectMetadata.EMPTY);
      }
      S3Backend in = S3Backend.create(c, "prefixes", "in", "s3 p:prefixes/in");
      assertEquals("in/", in.prefix());
      assertEquals(
          java.util.List.of("a", "b/c"),
          in.list(null, null, 10).objects().stream().map(ObjectInfo::key).toList());
      assertEquals(
          java.util.List.of("b/c"),
          in.list("a", "zzz", 10).objects().stream().map(ObjectInfo::key).toList());
      assertTrue(in.stat("a").isPresent());
      assertTrue(in.delete(java.util.List.of("a", "b/c")).isEmpty());
      assertEquals(4, whole.list(null, null, 10).objects().size());
    }
  }

  @Test
  void multipartWithExpectedChecksum() throws IOException {
    server.createBucket("multipart-md5");
    try (S3Connection c = S3Connection.create(smallParts(server.secretKey()))) {
      S3Backend backend = S3Backend.create(c, "multipart-md5", "", "s3 small:multipart-md5");
      byte[] data = random((int) (2 * PART + 99), 11);
      String md5 = DigestingInputStream.md5Hex(data, data.length);
      for (long size : new long[] {data.length, -1}) {
        ObjectMetadata good = new ObjectMetadata("a/b", Map.of("k", "v"), null, md5);
        assertEquals(
            md5, backend.put("good", new ByteArrayInputStream(data), size, good).checksum());
        ObjectInfo stat = backend.stat("good").orElseThrow();
        assertEquals(md5, stat.checksum());
        assertEquals(Map.of("k", "v"), stat.userMetadata());
        assertEquals("a/b", stat.contentType());

        ObjectMetadata bad = new ObjectMetadata(null, Map.of(), null, "0".repeat(32));
        assertThrows(
            dev.ferry.activities.storage.ChecksumMismatchException.class,
            () -> backend.put("bad", new ByteArrayInputStream(data), size, bad));
        assertTrue(backend.stat("bad").isEmpty());
      }
    }
  }
}
