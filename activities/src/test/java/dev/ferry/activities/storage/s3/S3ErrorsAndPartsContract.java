package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.config.BackendProfile;
import dev.ferry.activities.config.BackendType;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** S3-only behaviour: error classes against a real server, multipart uploads, server-side copy. */
class S3BackendErrorsAndPartsTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  private static final long PART = BackendProfile.MIN_PART_SIZE;

  private static BackendProfile smallParts(String secret) {
    return new BackendProfile(
        "small",
        BackendType.S3,
        S3.endpoint(),
        S3ProxyServer.REGION,
        S3.accessKey(),
        secret,
        null,
        PART);
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void missingBucketIsPermanentAndNamed() {
    try (S3Connection c = S3Connection.create(S3.profile("p"))) {
      S3Backend backend = S3Backend.create(c, "no-such-bucket-x", "", "s3 p:no-such-bucket-x");
      PermanentStorageException e =
          assertThrows(PermanentStorageException.class, () -> backend.list(null, null, 10));
      assertTrue(e.getMessage().contains("no-such-bucket-x"), e.getMessage());
    }
  }

  @Test
  void wrongSecretIsPermanentWithoutTheSecret() {
    S3.createBucket("wrong-secret");
    String wrong = "WRONG-secret-value-42";
    try (S3Connection c = S3Connection.create(smallParts(wrong))) {
      S3Backend backend = S3Backend.create(c, "wrong-secret", "", "s3 small:wrong-secret");
      for (Runnable call :
          new Runnable[] {
            () -> backend.list(null, null, 10),
            () -> backend.put("k", new ByteArrayInputStream(new byte[3]), 3, ObjectMetadata.EMPTY)
          }) {
        PermanentStorageException e = assertThrows(PermanentStorageException.class, call::run);
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(e.getMessage().contains(S3.secretKey()), e.getMessage());
        assertFalse(String.valueOf(e).contains(wrong));
      }
    }
  }

  @Test
  void stoppedServerIsRetryable() {
    S3.createBucket("stopped");
    try (S3Connection c = S3Connection.create(S3.profile("p"))) {
      S3Backend backend = S3Backend.create(c, "stopped", "", "s3 p:stopped");
      backend.list(null, null, 1);
      S3.stop();
      try {
        StorageException e =
            assertThrows(RetryableStorageException.class, () -> backend.list(null, null, 1));
        assertFalse(e.getMessage().contains(S3.secretKey()));
        assertThrows(RetryableStorageException.class, () -> backend.stat("x"));
      } finally {
        S3.start();
      }
      assertTrue(backend.list(null, null, 1).objects().isEmpty());
    }
  }

  @Test
  void multipartKnownAndUnknownSizeKeepChecksumAndMetadata() throws IOException {
    S3.createBucket("multipart");
    try (S3Connection c = S3Connection.create(smallParts(S3.secretKey()))) {
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

  @Test
  void serverSideCopyWithinOneAccount() throws IOException {
    S3.createBucket("ssc-a");
    S3.createBucket("ssc-b");
    try (S3Connection c1 = S3Connection.create(S3.profile("one"));
        S3Connection c2 = S3Connection.create(S3.profile("two"));
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
    S3.createBucket("listing-meta");
    try (S3Connection c = S3Connection.create(S3.profile("p"))) {
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
    S3.createBucket("prefixes");
    try (S3Connection c = S3Connection.create(S3.profile("p"))) {
      S3Backend whole = S3Backend.create(c, "prefixes", "", "s3 p:prefixes");
      for (String key : new String[] {"in-other/x", "in.txt", "in/a", "in/b/c", "in0", "io"}) {
        whole.put(key, new ByteArrayInputStream(new byte[] {1}), 1, ObjectMetadata.EMPTY);
      }
      S3Backend in = S3Backend.create(c, "prefixes", "/in", "s3 p:prefixes/in");
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
  void anObjectRcloneWroteInPartsKnowsItsMd5FromItsMetadata() {
    byte[] md5 = DigestingInputStream.newMd5().digest(new byte[] {1, 2, 3});
    okhttp3.Headers.Builder headers =
        new okhttp3.Headers.Builder()
            .add("ETag", "\"0123456789abcdef0123456789abcdef-3\"")
            .add("Content-Length", "15728640")
            .add("Last-Modified", "Wed, 25 Nov 2026 10:00:00 GMT")
            .add("x-amz-meta-origin", "unit");
    try (S3Connection c = S3Connection.create(S3.profile("p"))) {
      S3Backend backend = S3Backend.create(c, "any-bucket", "", "s3 p:any-bucket");
      ObjectInfo plain = backend.info("big", stat(headers.build()));
      assertNull(plain.checksum(), "a multipart ETag is no MD5, and nothing else tells");
      headers.add(
          "x-amz-meta-" + S3Backend.RCLONE_MD5_METADATA,
          java.util.Base64.getEncoder().encodeToString(md5));
      ObjectInfo fromRclone = backend.info("big", stat(headers.build()));
      assertEquals(java.util.HexFormat.of().formatHex(md5), fromRclone.checksum());
      assertTrue(fromRclone.userMetadata().containsKey(S3Backend.RCLONE_MD5_METADATA));
      headers.set("x-amz-meta-" + S3Backend.RCLONE_MD5_METADATA, "not base64 of an MD5");
      assertNull(backend.info("big", stat(headers.build())).checksum());
    }
  }

  private static io.minio.StatObjectResponse stat(okhttp3.Headers headers) {
    return new io.minio.StatObjectResponse(
        new io.minio.HeadObjectResponse(headers, "any-bucket", S3ProxyServer.REGION, "big"));
  }

  @Test
  void multipartWithExpectedChecksum() throws IOException {
    S3.createBucket("multipart-md5");
    try (S3Connection c = S3Connection.create(smallParts(S3.secretKey()))) {
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
