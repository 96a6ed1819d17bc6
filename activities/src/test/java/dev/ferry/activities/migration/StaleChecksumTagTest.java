package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.S3ProxyServer;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import dev.ferry.workflows.Verification;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An MD5 kept as a tag (S3 user metadata {@code ferry-md5}, a file's cached attribute) is what a
 * writer said, and stays beside other bytes when an application rewrites the object with its old
 * metadata, or a file is edited in place with its mtime put back. A move must not take such a tag
 * for the bytes: it copies over a destination whose tag lies, and keeps a source it cannot prove
 * was copied. On each S3 implementation of the test matrix, with multipart objects (whose ETag is
 * no MD5).
 */
@Timeout(300)
class StaleChecksumTagTest {
  @RegisterExtension static final S3ProxyServer S3PROXY = new S3ProxyServer();
  @RegisterExtension static final VersitygwServer VERSITYGW = new VersitygwServer();
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  /** Over the MinIO client's 5 MiB part: uploaded in two parts. */
  private static final int SIZE = 6 * 1024 * 1024 + 7;

  @TempDir Path tmp;

  private final MigrationTestEnv env = new MigrationTestEnv();
  private S3Connection connection;
  private MinioClient minio;

  @AfterEach
  void tearDown() {
    env.close();
    if (connection != null) {
      connection.close();
    }
  }

  static Stream<S3TestServer> servers() {
    return Stream.of(S3PROXY, VERSITYGW, MOTO);
  }

  private void connect(S3TestServer server, String... buckets) {
    connection = S3Connection.create(server.profile("tags"));
    minio = server.client();
    for (String bucket : buckets) {
      server.createBucket(bucket);
      env.backend("s3:" + bucket, S3Backend.create(connection, bucket, "", "s3 " + bucket));
    }
  }

  @ParameterizedTest(
      autoCloseArguments = false) // the servers outlive each test: afterAll ends them
  @MethodSource("servers")
  void aMoveCopiesOverADestinationWhoseTagNamesTheSourcesBytes(S3TestServer server)
      throws Exception {
    connect(server, "src1", "dst1");
    byte[] a = bytes(1);
    byte[] b = bytes(2);
    putMultipart("src1", "big.bin", a, Map.of());
    // Other bytes of the same size, under the tag of the source's bytes.
    putMultipart("dst1", "big.bin", b, Map.of(S3Backend.MD5_METADATA, md5(a)));
    env.start();

    MigrationProgress p = env.run("over-a-lying-tag", move("s3:src1", "s3:dst1")).progress();

    assertEquals(1, p.objectsCopied(), p.toString());
    assertArrayEquals(a, read("dst1", "big.bin"), "the source's bytes arrived");
    assertTrue(gone("src1", "big.bin"), "then the source went");
  }

  @ParameterizedTest(
      autoCloseArguments = false) // the servers outlive each test: afterAll ends them
  @MethodSource("servers")
  void aMoveKeepsASourceWhoseCopyOnlyItsTagSaysIsTheSame(S3TestServer server) throws Exception {
    connect(server, "src2", "dst2");
    byte[] a = bytes(3);
    putMultipart("src2", "big.bin", a, Map.of(S3Backend.MD5_METADATA, md5(a)));
    putMultipart("dst2", "big.bin", bytes(4), Map.of(S3Backend.MD5_METADATA, md5(a)));
    env.start();

    MigrationProgress p = env.run("two-tags", move("s3:src2", "s3:dst2")).progress();

    // Two equal tags are taken as identical, as rclone takes its md5chksum: no copy. But the
    // delete needs the bytes' own MD5s, and they differ.
    assertEquals(1, p.objectsFailed(), p.toString());
    assertEquals(
        FerryFailures.REASON_VERIFY_FAILED,
        env.stub("two-tags").failures(0, 10).failures().get(0).reason());
    assertArrayEquals(a, read("src2", "big.bin"), "the source is kept");
  }

  @ParameterizedTest(
      autoCloseArguments = false) // the servers outlive each test: afterAll ends them
  @MethodSource("servers")
  void aMoveKeepsAFileEditedInPlaceWithItsMtimePutBack(S3TestServer server) throws Exception {
    connect(server, "dst3");
    Path dir = Files.createDirectories(tmp.resolve("files"));
    StorageBackend files = env.backend("file:in", FileSystemBackend.create(dir));
    byte[] a = "first bytes of the file".getBytes();
    // Written by ferry, so the file carries ferry's cached MD5 of these bytes.
    files.put("doc.txt", new ByteArrayInputStream(a), a.length, new ObjectMetadata(null, Map.of()));
    Path file = dir.resolve("doc.txt");
    FileTime mtime = Files.getLastModifiedTime(file);
    env.start();
    assertEquals(
        1,
        env.run("first-copy", MigrationRequest.of("file:in", "s3:dst3"))
            .progress()
            .objectsCopied());
    // Edited in place, same size, the mtime put back (dd conv=notrunc; touch -r).
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write("FIRST".getBytes());
    }
    Files.setLastModifiedTime(file, mtime);

    MigrationProgress p = env.run("edited-file", move("file:in", "s3:dst3")).progress();

    assertEquals(1, p.objectsFailed(), p.toString());
    assertTrue(Files.exists(file), "the edited file is kept: its copy holds the older bytes");
    assertArrayEquals(a, read("dst3", "doc.txt"));
  }

  @ParameterizedTest(
      autoCloseArguments = false) // the servers outlive each test: afterAll ends them
  @MethodSource("servers")
  void aSourceWhoseTagNamesOtherBytesIsRefusedAtOnceNamingBothMd5s(S3TestServer server)
      throws Exception {
    connect(server, "src4", "dst4");
    byte[] a = bytes(5);
    String stale = md5(bytes(6));
    putMultipart("src4", "big.bin", a, Map.of(S3Backend.MD5_METADATA, stale));
    env.backend("file:out4", FileSystemBackend.create(Files.createDirectories(tmp.resolve("o4"))));
    env.start();

    MigrationProgress p = env.run("stale-source-tag", move("s3:src4", "file:out4")).progress();

    assertEquals(1, p.objectsFailed(), p.toString());
    ObjectFailure failure = env.stub("stale-source-tag").failures(0, 10).failures().get(0);
    // Not retried to exhaustion as a copy damaged on the way: the source holds other bytes.
    assertEquals(FerryFailures.REASON_PERMANENT, failure.reason(), failure.toString());
    assertTrue(
        failure.message().contains(md5(a)) && failure.message().contains(stale), failure.message());
    assertArrayEquals(a, read("src4", "big.bin"), "the source is kept");

    // Within one store the server copies the object as it is, tag and all: nothing to refuse.
    p = env.run("stale-source-tag-server-side", move("s3:src4", "s3:dst4")).progress();
    assertEquals(1, p.objectsCopied(), p.toString());
    assertArrayEquals(a, read("dst4", "big.bin"));
  }

  @Test
  void aStaleMd5chksumBesideARightTagArrivesSayingTheBytesMd5() throws Exception {
    connect(S3PROXY, "src5");
    VERSITYGW.createBucket("dst5");
    S3Connection other = S3Connection.create(VERSITYGW.profile("tags-other"));
    env.backend("s3:dst5", S3Backend.create(other, "dst5", "", "s3 dst5"));
    byte[] a = bytes(7);
    String stale = base64(md5(bytes(8)));
    putMultipart("src5", "big.bin", a, Map.of(S3Backend.MD5_METADATA, md5(a), "md5chksum", stale));
    env.start();
    try {
      MigrationProgress p = env.run("stale-md5chksum", move("s3:src5", "s3:dst5")).progress();

      assertEquals(1, p.objectsCopied(), p.toString());
      MinioClient destination = VERSITYGW.client();
      var arrived =
          destination
              .statObject(StatObjectArgs.builder().bucket("dst5").object("big.bin").build())
              .userMetadata();
      assertEquals(base64(md5(a)), arrived.getFirst("md5chksum"), arrived.toString());
    } finally {
      other.close();
    }
  }

  private static String base64(String hexMd5) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hexMd5));
  }

  private static MigrationRequest move(String from, String to) {
    return new MigrationRequest(
        from,
        to,
        Mode.MOVE,
        2,
        Verification.CHECKSUM,
        1,
        Duration.ofSeconds(1),
        null,
        null,
        IfExists.SKIP_IDENTICAL,
        false,
        10,
        1L << 30,
        false);
  }

  private void putMultipart(String bucket, String key, byte[] data, Map<String, String> meta)
      throws Exception {
    minio.putObject(
        PutObjectArgs.builder().bucket(bucket).object(key).userMetadata(meta).stream(
                new ByteArrayInputStream(data), (long) data.length, 5L * 1024 * 1024)
            .build());
    String etag =
        minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).etag();
    assertTrue(etag.contains("-"), "a multipart ETag: " + etag);
  }

  private byte[] read(String bucket, String key) throws Exception {
    try (InputStream in =
        minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return in.readAllBytes();
    }
  }

  private boolean gone(String bucket, String key) throws Exception {
    try {
      minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
      return false;
    } catch (ErrorResponseException e) {
      return "NoSuchKey".equals(e.errorResponse().code());
    }
  }

  private static byte[] bytes(long seed) {
    byte[] data = new byte[SIZE];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) random.nextInt(256);
    }
    return data;
  }

  private static String md5(byte[] data) throws IOException {
    try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return in.hex();
    }
  }
}
