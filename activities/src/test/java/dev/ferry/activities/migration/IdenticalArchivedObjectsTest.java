package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.TestBuckets;
import dev.ferry.activities.testing.VersitygwServer;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Skip-identical against an archived destination reads the source's bytes only where they can
 * decide: an archived copy without ferry's MD5 tag is not identical whatever the source holds, so
 * the source is not read at all; one with the tag is compared with the source's bytes. Both sides
 * are multipart uploads of other part sizes (no MD5 in their ETags, and ETags that differ for the
 * same bytes) on real servers, the source on versitygw and the archived destination on moto, which
 * refuses to read a GLACIER object as AWS does.
 */
@Timeout(120)
class IdenticalArchivedObjectsTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension static final VersitygwServer VERSITYGW = new VersitygwServer();

  private static final int SIZE = (6 << 20) + 321; // two parts of either size below
  private static final long SOURCE_PART = 6L << 20;
  private static final long DESTINATION_PART = 5L << 20;

  private final List<S3Connection> connections = new ArrayList<>();

  @AfterEach
  void closeConnections() {
    connections.forEach(S3Connection::close);
  }

  @Test
  void anArchivedCopyWithoutATagIsNotIdenticalAndTheSourceIsNotRead() throws Exception {
    byte[] data = bytes(1);
    AtomicInteger sourceReads = new AtomicInteger();
    StorageBackend source = counting(sourceWith(data), sourceReads);
    StorageBackend destination = archivedDestinationWith(bytes(2), Map.of());

    assertFalse(identical(source, destination));
    assertEquals(0, sourceReads.get(), "the source's bytes cannot decide: they are not read");
  }

  @Test
  void anArchivedCopyWithATagIsComparedWithTheSourcesBytes() throws Exception {
    byte[] data = bytes(3);
    AtomicInteger sourceReads = new AtomicInteger();
    StorageBackend source = counting(sourceWith(data), sourceReads);
    StorageBackend same = archivedDestinationWith(data, Map.of(S3Backend.MD5_METADATA, md5(data)));
    StorageBackend stale =
        archivedDestinationWith(bytes(4), Map.of(S3Backend.MD5_METADATA, md5(bytes(5))));

    assertTrue(identical(source, same));
    assertEquals(1, sourceReads.get(), "the tag is believed only against the source's bytes");
    assertFalse(identical(source, stale));
    assertEquals(2, sourceReads.get());
  }

  private static boolean identical(StorageBackend source, StorageBackend destination) {
    ObjectInfo s = source.stat("k.bin").orElseThrow();
    ObjectInfo d = destination.stat("k.bin").orElseThrow();
    return IdenticalObjects.identical(source, destination, s, d, key -> read -> {});
  }

  private StorageBackend sourceWith(byte[] data) throws Exception {
    String bucket = TestBuckets.create(VERSITYGW, "identical-src");
    put(VERSITYGW, bucket, data, SOURCE_PART, Map.of(), Map.of());
    return backend(VERSITYGW, bucket);
  }

  /** A GLACIER copy of {@code data} on moto, written apart from ferry with {@code metadata}. */
  private StorageBackend archivedDestinationWith(byte[] data, Map<String, String> metadata)
      throws Exception {
    String bucket = TestBuckets.create(MOTO, "identical-dst");
    put(MOTO, bucket, data, DESTINATION_PART, Map.of("x-amz-storage-class", "GLACIER"), metadata);
    return backend(MOTO, bucket);
  }

  private static void put(
      S3TestServer server,
      String bucket,
      byte[] data,
      long partSize,
      Map<String, String> headers,
      Map<String, String> metadata)
      throws Exception {
    server
        .client()
        .putObject(
            PutObjectArgs.builder().bucket(bucket).object("k.bin").stream(
                    new ByteArrayInputStream(data), (long) data.length, partSize)
                .headers(headers)
                .userMetadata(metadata)
                .build());
  }

  private StorageBackend backend(S3TestServer server, String bucket) {
    S3Connection connection = S3Connection.create(server.profileWith(server.name(), Map.of()));
    connections.add(connection);
    return S3Backend.create(connection, bucket, "", "s3:" + bucket);
  }

  /** {@code backend}, counting the objects opened for reading in {@code opens}. */
  private static StorageBackend counting(StorageBackend backend, AtomicInteger opens) {
    return new ForwardingBackend(backend, backend.describe()) {
      @Override
      public InputStream open(String key) {
        opens.incrementAndGet();
        return super.open(key);
      }
    };
  }

  private static byte[] bytes(int seed) {
    byte[] b = new byte[SIZE];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String md5(byte[] data) {
    return DigestingInputStream.md5Hex(data, data.length);
  }
}
