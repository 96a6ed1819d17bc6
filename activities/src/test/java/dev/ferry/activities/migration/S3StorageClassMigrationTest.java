package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.S3ProxyServer;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.TaggedS3Objects;
import dev.ferry.activities.testing.TestBuckets;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.ObjectFailure;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A destination profile's {@code storageClass} is the class of every object ferry writes there:
 * single PUTs, multipart uploads (also those whose MD5 a copy onto itself records) and server-side
 * copies, as the store itself reports it. moto keeps every class as AWS does; versitygw and S3Proxy
 * deviate (docs/s3-deviations.md), and these tests show how.
 */
@Timeout(240)
class S3StorageClassMigrationTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension static final VersitygwServer VERSITYGW = new VersitygwServer();
  @RegisterExtension static final S3ProxyServer S3PROXY = new S3ProxyServer();

  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final byte[] SMALL = bytes(3000);
  private static final byte[] LARGE = bytes((6 << 20) + 123); // two parts of 5 MiB

  private final MigrationTestEnv env = new MigrationTestEnv();

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * Three ways an object arrives: one PUT, a multipart upload whose MD5 the source gave (its single
   * part ETag), and one whose MD5 is recorded afterwards by a copy onto itself.
   */
  private static void seedThreeShapes(S3TestServer server, String bucket) throws Exception {
    TaggedS3Objects.put(server.client(), bucket, "p/small.txt", SMALL, Map.of());
    putOnePart(server, bucket, "p/large-md5-known.bin", LARGE);
    TaggedS3Objects.put(server.client(), bucket, "p/large-multipart.bin", LARGE, Map.of());
  }

  @Test
  void everyObjectWrittenGetsTheDestinationsStorageClass() throws Exception {
    String src = TestBuckets.create(VERSITYGW, "src");
    String dst = TestBuckets.create(MOTO, "dst");
    seedThreeShapes(VERSITYGW, src);
    location("s3:" + src + "/p", VERSITYGW, src, "p", null);
    location("s3:" + dst + "/q", MOTO, dst, "q", "STANDARD_IA");
    env.start();

    assertEquals(3, run("s3:" + src + "/p", "s3:" + dst + "/q").objectsCopied());

    Map<String, String> expected =
        Map.of(
            "q/small.txt", "STANDARD_IA",
            "q/large-md5-known.bin", "STANDARD_IA",
            "q/large-multipart.bin", "STANDARD_IA");
    assertEquals(expected, classesHeadSays(MOTO, dst, expected.keySet()));
    assertEquals(expected, classesListingSays(MOTO, dst));
    assertArrayEquals(LARGE, TaggedS3Objects.read(MOTO.client(), dst, "q/large-multipart.bin"));
    // The class is not part of what makes two objects identical, as for rclone: a rerun skips.
    assertEquals(3, run("s3:" + src + "/p", "s3:" + dst + "/q").objectsSkipped());
  }

  /**
   * An archive class cannot be read back without a restore: every object still arrives in it,
   * including the multipart upload whose MD5 a copy onto itself records (a store refuses to copy an
   * archived object, so that copy is what sets the class), the checksum verify passes, and a rerun
   * skips what is there and copies what changed.
   */
  @Test
  void anArchiveClassHoldsEveryShapeAndItsVerifyPasses() throws Exception {
    String src = TestBuckets.create(VERSITYGW, "src");
    String dst = TestBuckets.create(MOTO, "dst");
    seedThreeShapes(VERSITYGW, src);
    location("s3:" + src + "/p", VERSITYGW, src, "p", null);
    location("s3:" + dst, MOTO, dst, "", "GLACIER");
    env.start();

    MigrationProgress p = run("s3:" + src + "/p", "s3:" + dst);

    assertEquals(3, p.objectsCopied());
    assertEquals(
        Map.of(
            "small.txt",
            "GLACIER",
            "large-md5-known.bin",
            "GLACIER",
            "large-multipart.bin",
            "GLACIER"),
        classesListingSays(MOTO, dst));

    // A rerun cannot read archived copies: each is compared by the MD5 ferry recorded with it.
    assertEquals(3, run("s3:" + src + "/p", "s3:" + dst).objectsSkipped());
    byte[] changed = LARGE.clone();
    changed[7] ^= 1;
    putOnePart(VERSITYGW, src, "p/large-md5-known.bin", changed);
    MigrationProgress again = run("s3:" + src + "/p", "s3:" + dst);
    assertEquals(1, again.objectsCopied(), again.toString());
    assertEquals(2, again.objectsSkipped(), again.toString());
  }

  /** An archived source object fails alone, saying how to read it; the others are copied. */
  @Test
  void anArchivedSourceObjectFailsAloneSayingToRestoreIt() throws Exception {
    String src = TestBuckets.create(MOTO, "src");
    String dst = TestBuckets.create(VERSITYGW, "dst");
    MOTO.client()
        .putObject(
            PutObjectArgs.builder().bucket(src).object("cold.bin").stream(
                    new ByteArrayInputStream(SMALL), (long) SMALL.length, null)
                .headers(Map.of("x-amz-storage-class", "DEEP_ARCHIVE"))
                .build());
    TaggedS3Objects.put(MOTO.client(), src, "warm.bin", SMALL, Map.of());
    location("s3:" + src, MOTO, src, "", null);
    location("s3:" + dst, VERSITYGW, dst, "", null);
    env.start();

    ObjectFailure failure =
        env.runWithOneFailure("archived", MigrationRequest.of("s3:" + src, "s3:" + dst), 1);
    assertEquals("cold.bin", failure.key());
    assertTrue(
        failure.message().contains("InvalidObjectState")
            && failure
                .message()
                .endsWith("restore it (e.g. aws s3api restore-object), then copy it" + " again"),
        failure.message());
    assertEquals(1, failure.attempts(), "an archived object is not asked again and again");
  }

  /** A server-side copy within one store takes the destination's class too, or the default. */
  @Test
  void aServerSideCopyTakesTheDestinationsClass() throws Exception {
    String src = TestBuckets.create(MOTO, "src");
    String ia = TestBuckets.create(MOTO, "ia");
    String plain = TestBuckets.create(MOTO, "plain");
    TaggedS3Objects.put(MOTO.client(), src, "a.txt", SMALL, Map.of());
    putOnePart(MOTO, src, "b.bin", LARGE);
    location("s3:" + src, MOTO, src, "", null);
    location("s3:" + ia, MOTO, ia, "", "ONEZONE_IA");
    location("s3:" + plain, MOTO, plain, "", null);
    env.start();

    assertEquals(2, run("s3:" + src, "s3:" + ia).objectsCopied());
    assertEquals(2, run("s3:" + src, "s3:" + plain).objectsCopied());

    assertEquals(
        Map.of("a.txt", "ONEZONE_IA", "b.bin", "ONEZONE_IA"), classesListingSays(MOTO, ia));
    assertEquals(Map.of("a.txt", "STANDARD", "b.bin", "STANDARD"), classesListingSays(MOTO, plain));
  }

  /** A class the store does not know is refused before anything is written. */
  @Test
  void aClassTheStoreDoesNotKnowIsRefusedBeforeAnythingIsWritten() throws Exception {
    String src = TestBuckets.create(VERSITYGW, "src");
    String dst = TestBuckets.create(MOTO, "dst");
    TaggedS3Objects.put(VERSITYGW.client(), src, "a.txt", SMALL, Map.of());
    location("s3:" + src, VERSITYGW, src, "", null);
    location("s3:" + dst, MOTO, dst, "", "COLDEST");
    env.start();

    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class,
            () -> env.run("bogus", MigrationRequest.of("s3:" + src, "s3:" + dst)));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FerryFailures.PREFLIGHT_REFUSED, cause.getType());
    assertTrue(
        cause.getOriginalMessage().contains("InvalidStorageClass")
            && cause
                .getOriginalMessage()
                .contains("correct storageClass in this location's profile"),
        cause.getOriginalMessage());
    assertEquals(Map.of(), classesListingSays(MOTO, dst));
  }

  /**
   * versitygw's posix backend keeps no storage class (every object reads STANDARD), and S3Proxy's
   * filesystem backend keeps it for single PUTs only: the bytes arrive either way.
   */
  @Test
  void versitygwKeepsNoClassAndS3ProxyOnlyThatOfSinglePuts() throws Exception {
    String src = TestBuckets.create(MOTO, "src");
    String vgw = TestBuckets.create(VERSITYGW, "dst");
    String proxy = TestBuckets.create(S3PROXY, "dst");
    seedThreeShapes(MOTO, src);
    location("s3:" + src + "/p", MOTO, src, "p", null);
    location("s3:" + vgw, VERSITYGW, vgw, "", "STANDARD_IA");
    location("s3:" + proxy, S3PROXY, proxy, "", "STANDARD_IA");
    env.start();

    assertEquals(3, run("s3:" + src + "/p", "s3:" + vgw).objectsCopied());
    assertEquals(3, run("s3:" + src + "/p", "s3:" + proxy).objectsCopied());

    assertEquals(
        Map.of(
            "small.txt",
            "STANDARD",
            "large-md5-known.bin",
            "STANDARD",
            "large-multipart.bin",
            "STANDARD"),
        classesHeadSays(
            VERSITYGW, vgw, List.of("small.txt", "large-md5-known.bin", "large-multipart.bin")));
    assertEquals(
        Map.of(
            "small.txt",
            "STANDARD_IA",
            "large-md5-known.bin",
            "STANDARD",
            "large-multipart.bin",
            "STANDARD"),
        classesHeadSays(
            S3PROXY, proxy, List.of("small.txt", "large-md5-known.bin", "large-multipart.bin")));
    assertArrayEquals(LARGE, TaggedS3Objects.read(S3PROXY.client(), proxy, "large-multipart.bin"));
  }

  private MigrationProgress run(String from, String to) {
    return env.runCleanly("class-" + RUNS.incrementAndGet(), MigrationRequest.of(from, to));
  }

  private void location(
      String location, S3TestServer server, String bucket, String prefix, String storageClass) {
    env.s3(
        location,
        server,
        bucket,
        prefix,
        storageClass == null ? Map.of() : Map.of("storageClass", storageClass));
  }

  /** Writes {@code data} in one PUT, so that its ETag is its MD5. */
  private static void putOnePart(S3TestServer server, String bucket, String key, byte[] data)
      throws Exception {
    server
        .client()
        .putObject(
            PutObjectArgs.builder().bucket(bucket).object(key).stream(
                    new ByteArrayInputStream(data), (long) data.length, 16L << 20)
                .build());
  }

  /** Each key's class as its HEAD says ({@code x-amz-storage-class}; none is STANDARD). */
  private static Map<String, String> classesHeadSays(
      S3TestServer server, String bucket, Iterable<String> keys) throws Exception {
    Map<String, String> classes = new TreeMap<>();
    for (String key : keys) {
      String stated =
          server
              .client()
              .statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())
              .headers()
              .get("x-amz-storage-class");
      classes.put(key, stated == null ? "STANDARD" : stated);
    }
    return classes;
  }

  /** Every key's class as the bucket's listing says. */
  private static Map<String, String> classesListingSays(S3TestServer server, String bucket)
      throws Exception {
    Map<String, String> classes = new TreeMap<>();
    for (Result<Item> r :
        server
            .client()
            .listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
      Item item = r.get();
      classes.put(
          item.objectName(), item.storageClass() == null ? "STANDARD" : item.storageClass());
    }
    return classes;
  }

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }
}
