package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.storage.s3.S3Type;
import dev.ferry.activities.testing.ForwardingBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.Requests;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file another program writes while a copy reads it, from a real directory into versitygw (which
 * checks each write on arrival, so no verify reads it again). The copy of a 300 MB file being
 * written held its head from one write and its tail from a later one: a state the file never had,
 * counted copied, exit 0. The bytes at the destination are read back with the MinIO client.
 */
@Timeout(120)
class FileChangedWhileReadTest {
  @RegisterExtension static final VersitygwServer VERSITYGW = new VersitygwServer();

  private static final int SIZE = 20 << 20; // several parts of 8 MiB
  private static int runs;

  @TempDir Path tmp;

  private MigrationTestEnv env;
  private S3Connection connection;

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void aFileWrittenOnceWhileReadIsReadAgainWhole() throws Exception {
    Outcome o = copyWhileWriting(1);

    assertEquals(3, o.progress.objectsCopied(), o.progress.toString());
    assertEquals(0, o.progress.objectsFailed(), o.failures.toString());
    for (String key : List.of("a", "big", "c")) {
      assertArrayEquals(Files.readAllBytes(o.source.resolve(key)), o.read(key), key);
    }
  }

  @Test
  void aFileWrittenOnEveryReadFailsAsChangedAndIsNotStored() throws Exception {
    Outcome o = copyWhileWriting(Integer.MAX_VALUE);

    assertEquals(2, o.progress.objectsCopied(), o.progress.toString());
    assertEquals(1, o.failures.size(), o.failures.toString());
    ObjectFailure f = o.failures.get(0);
    assertEquals("big", f.key());
    assertEquals(FerryFailures.REASON_SOURCE_CHANGED, f.reason());
    assertTrue(f.message().contains("read big: changed while it was read ("), f.message());
    assertFalse(o.exists("big"), "nothing of the file being written is stored");
  }

  private record Outcome(
      MigrationProgress progress,
      List<ObjectFailure> failures,
      Path source,
      MinioClient client,
      String bucket) {
    byte[] read(String key) throws Exception {
      try (InputStream in =
          client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
        return in.readAllBytes();
      }
    }

    boolean exists(String key) throws Exception {
      try {
        client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
        return true;
      } catch (ErrorResponseException e) {
        return false;
      }
    }
  }

  /**
   * Copies a directory of three files into a new bucket, writing new bytes over the head and the
   * tail of {@code big} (its size kept) half-way through each of its first {@code writes} reads.
   */
  private Outcome copyWhileWriting(int writes) throws Exception {
    runs++;
    Path source = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(source.resolve("a"), "a");
    Files.write(source.resolve("big"), randomBytes(SIZE, 1));
    Files.writeString(source.resolve("c"), "c");
    String bucket = "changed-" + runs;
    VERSITYGW.createBucket(bucket);
    connection =
        S3Connection.create(
            S3Type.profile(
                "p",
                VERSITYGW.endpoint(),
                S3TestServer.REGION,
                VERSITYGW.accessKey(),
                VERSITYGW.secretKey(),
                0,
                null));
    S3Backend bucketBackend = S3Backend.create(connection, bucket, "", "s3 " + bucket);
    AtomicInteger written = new AtomicInteger();
    StorageBackend destination =
        new ForwardingBackend(bucketBackend, "s3 " + bucket) {
          @Override
          public dev.ferry.activities.storage.ObjectInfo put(
              String key, InputStream data, long size, ObjectMetadata meta) {
            InputStream in =
                key.equals("big") && written.get() < writes
                    ? new WritesHalfWay(data, source.resolve(key), written)
                    : data;
            return bucketBackend.put(key, in, size, meta);
          }

          @Override
          public boolean checksWrites() {
            return true;
          }
        };
    env = new MigrationTestEnv();
    env.backend("file:src", FileSystemBackend.create(source));
    env.backend("dst:" + bucket, destination);
    env.start();
    String id = "changed-while-read-" + runs;
    MigrationWorkflow wf =
        env.startMigration(id, Requests.quick("file:src", "dst:" + bucket, Mode.COPY, 5));
    MigrationProgress done = env.result(id).progress();
    MinioClient client = VERSITYGW.client();
    return new Outcome(done, wf.failures(0, 10).failures(), source, client, bucket);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The bytes of a file, which another program writes over once half of them were read. */
  private static final class WritesHalfWay extends FilterInputStream {
    private final Path file;
    private final AtomicInteger written;
    private long read;
    private boolean done;

    WritesHalfWay(InputStream in, Path file, AtomicInteger written) {
      super(in);
      this.file = file;
      this.written = written;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      read += Math.max(n, 0);
      if (!done && read >= SIZE / 2) {
        done = true;
        int write = written.incrementAndGet();
        byte[] block = randomBytes(1 << 20, 100 + write);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
          f.seek(0);
          f.write(block);
          f.seek(SIZE - block.length);
          f.write(block);
        }
      }
      return n;
    }
  }
}
