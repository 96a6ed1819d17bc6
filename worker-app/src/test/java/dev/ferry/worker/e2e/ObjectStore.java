package dev.ferry.worker.e2e;

import dev.ferry.activities.testing.S3TestServer;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import io.minio.messages.ListMultipartUploadsResult;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * An S3 server seen through the MinIO client, independently of ferry's own storage code: writes
 * test data and reads buckets back into {@link Manifest}s.
 */
final class ObjectStore {
  private static final int THREADS = 8;
  private static final int LIST_ATTEMPTS = 5;
  private static final String META_PREFIX = "x-amz-meta-";
  private static final long LARGE_PART_BYTES = 64L << 20;

  private final MinioClient client;
  private final MinioAsyncClient asyncClient;

  ObjectStore(String endpoint, String accessKey, String secretKey) {
    this.client =
        MinioClient.builder()
            .endpoint(endpoint)
            .region(S3TestServer.REGION)
            .credentials(accessKey, secretKey)
            .build();
    // The blocking client has no ListMultipartUploads.
    this.asyncClient =
        MinioAsyncClient.builder()
            .endpoint(endpoint)
            .region(S3TestServer.REGION)
            .credentials(accessKey, secretKey)
            .build();
  }

  /** Writes every object of {@code data} into {@code bucket} (8 at a time). */
  void write(String bucket, DataSet data) {
    parallel(
        data.specs(),
        spec -> {
          byte[] bytes = spec.bytes();
          client.putObject(
              PutObjectArgs.builder()
                  .bucket(bucket)
                  .object(spec.key())
                  .contentType(spec.contentType())
                  .userMetadata(spec.meta())
                  .stream(new ByteArrayInputStream(bytes), (long) bytes.length, null)
                  .build());
          return null;
        });
  }

  /**
   * Writes {@code size} bytes of {@code data} as {@code bucket/key}, as a multipart upload of 64
   * MiB parts when it is larger than one: for objects too large to hold in memory.
   */
  void put(String bucket, String key, InputStream data, long size) {
    call(
        () ->
            client.putObject(
                PutObjectArgs.builder().bucket(bucket).object(key).stream(
                        data, size, LARGE_PART_BYTES)
                    .build()));
  }

  /** Writes {@code bytes} as {@code bucket/key}, replacing what is there. */
  void putBytes(String bucket, String key, byte[] bytes) {
    put(bucket, key, new ByteArrayInputStream(bytes), bytes.length);
  }

  /** Deletes {@code bucket/key}. */
  void delete(String bucket, String key) {
    call(
        () -> {
          client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
          return null;
        });
  }

  /**
   * Deletes {@code bucket} and everything in it, as an operator would by mistake, while a migration
   * may still be writing there: its objects are deleted until the bucket deletes.
   */
  void deleteBucket(String bucket) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      List<String> keys = keys(bucket);
      parallel(keys, key -> removeObject(bucket, key));
      // Filesystem-backed servers keep a key's directories: deleted as "prefix/", deepest first.
      List<String> directories =
          keys.stream()
              .flatMap(ObjectStore::directoriesOf)
              .distinct()
              .sorted(Comparator.comparing(String::length).reversed())
              .toList();
      for (String directory : directories) {
        try {
          removeObject(bucket, directory);
        } catch (Exception notThere) {
          // a server that keeps no directories, or one a write just filled again
        }
      }
      try {
        client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        return;
      } catch (Exception notEmptyYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("bucket " + bucket + " would not delete", notEmptyYet);
        }
      }
    }
  }

  private Void removeObject(String bucket, String key) throws Exception {
    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    return null;
  }

  /** {@code a/b/c} has the directories {@code a/} and {@code a/b/}. */
  private static Stream<String> directoriesOf(String key) {
    List<String> directories = new ArrayList<>();
    for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
      directories.add(key.substring(0, slash + 1));
    }
    return directories.stream();
  }

  /** Creates {@code bucket}. */
  void createBucket(String bucket) {
    call(
        () -> {
          client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
          return null;
        });
  }

  /** One object read back and digested (streamed: any size). */
  Manifest.Entry object(String bucket, String key) {
    return call(() -> readOne(bucket, key));
  }

  /** Every object key in {@code bucket}, in listing order. */
  List<String> keys(String bucket) {
    return list(bucket, null);
  }

  /**
   * Keys with an unfinished multipart upload that the server still keeps, e.g. after a kill -9, as
   * ListMultipartUploads names them (the first 1,000 uploads: more than a scenario makes).
   */
  List<String> unfinishedUploads(String bucket) {
    return uploads(bucket).stream()
        .map(ListMultipartUploadsResult.Upload::objectName)
        .distinct()
        .toList();
  }

  /**
   * Every unfinished multipart upload in {@code bucket} as {@code KEY (upload UPLOAD_ID)}, one
   * entry per upload: several dead attempts at one key show as several entries.
   */
  List<String> unfinishedUploadIds(String bucket) {
    return uploads(bucket).stream()
        .map(u -> u.objectName() + " (upload " + u.uploadId() + ")")
        .toList();
  }

  private List<ListMultipartUploadsResult.Upload> uploads(String bucket) {
    return call(
        () ->
            asyncClient
                .listMultipartUploads(ListMultipartUploadsArgs.builder().bucket(bucket).build())
                .get()
                .result()
                .uploads());
  }

  /**
   * Lists with a few retries on server errors, as ferry retries them: the observer polls while the
   * store is loaded by a migration, and a failed look is not a finding.
   */
  private List<String> list(String bucket, String prefix) {
    for (int attempt = 1; ; attempt++) {
      try {
        return listOnce(bucket, prefix);
      } catch (IllegalStateException e) {
        boolean serverError =
            e.getCause() instanceof InvalidResponseException
                || e.getCause() instanceof ServerException;
        if (!serverError || attempt == LIST_ATTEMPTS) {
          throw e;
        }
        Waits.sleep(Duration.ofMillis(100L * attempt));
      }
    }
  }

  private List<String> listOnce(String bucket, String prefix) {
    return call(
        () -> {
          List<String> keys = new ArrayList<>();
          for (Result<Item> r :
              client.listObjects(
                  ListObjectsArgs.builder()
                      .bucket(bucket)
                      .prefix(prefix)
                      .recursive(true)
                      .build())) {
            keys.add(r.get().objectName());
          }
          return keys;
        });
  }

  /** Whether {@code key} is visible in {@code bucket}. */
  boolean exists(String bucket, String key) {
    return call(
        () -> {
          try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
          } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
              return false;
            }
            throw e;
          }
        });
  }

  /** Reads every object of {@code bucket} back and digests it. */
  Manifest read(String bucket) {
    Map<String, Manifest.Entry> entries = new ConcurrentHashMap<>();
    parallel(
        keys(bucket),
        key -> {
          entries.put(key, readOne(bucket, key));
          return null;
        });
    return new Manifest(new TreeMap<>(entries));
  }

  private Manifest.Entry readOne(String bucket, String key) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long size = 0;
    try (GetObjectResponse in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        size += n;
      }
      Map<String, String> meta = new TreeMap<>();
      for (String name : in.headers().names()) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith(META_PREFIX)) {
          meta.put(lower.substring(META_PREFIX.length()), in.headers().get(name));
        }
      }
      return new Manifest.Entry(
          size, HexFormat.of().formatHex(sha.digest()), in.headers().get("Content-Type"), meta);
    }
  }

  private interface Call<T> {
    T call() throws Exception;
  }

  private interface Each<T> {
    Void apply(T item) throws Exception;
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new IllegalStateException("S3 call failed: " + e, e);
    }
  }

  private static <T> void parallel(List<T> items, Each<T> each) {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> each.apply(item)));
      }
      for (Future<Void> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("S3 call failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
