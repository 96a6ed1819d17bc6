package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.IncompleteUpload;
import dev.ferry.activities.storage.IncompleteUploads;
import dev.ferry.activities.storage.KeyPrefix;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.OpenWithMetadata;
import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.ResumableWrites;
import dev.ferry.activities.storage.ServerSideCopy;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetObjectTagsArgs;
import io.minio.HeadObjectResponse;
import io.minio.MinioAsyncClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A bucket and key prefix of an S3-compatible store as a {@link StorageBackend}.
 *
 * <p>Objects up to one part size are sent in one PUT, with their MD5 as {@code Content-MD5} (the
 * server checks it) and as user metadata {@value #MD5_METADATA}. Larger objects and streams of
 * unknown length go as a {@link MultipartUpload} of up to {@value #PARALLEL_PARTS} parts in flight
 * (so memory per transfer is about {@value #PARALLEL_PARTS} + 1 parts); when the caller did not
 * know the MD5 beforehand, the object is then copied onto itself server-side to record it, as only
 * the end of the stream reveals it. User metadata keys come back lower-cased, as S3 treats them as
 * HTTP headers. Thread-safe; all backends on one {@link S3Connection} share its client.
 */
public final class S3Backend
    implements StorageBackend,
        ServerSideCopy,
        OpenWithMetadata,
        ResumableWrites,
        IncompleteUploads {
  /** User metadata entry holding the hex MD5 of the bytes, as rclone's {@code md5chksum}. */
  public static final String MD5_METADATA = "ferry-md5";

  /**
   * rclone's user metadata entry for the base64 MD5 of a multipart upload: read as the object's
   * checksum when ferry's own is absent, so objects rclone wrote need neither a second read nor a
   * checksum-recording copy; carried over like any other metadata.
   */
  static final String RCLONE_MD5_METADATA = "md5chksum";

  /** Parts of one multipart upload in flight at once, as rclone's default upload concurrency. */
  static final int PARALLEL_PARTS = 4;

  private final S3Connection connection;
  private final String bucket;
  private final String prefix;
  private final String description;

  private final S3Lister lister;
  private final S3Writer writer;
  private final S3Uploads uploads;
  private final S3Deletes deletes;
  private final S3Copies copies;

  private S3Backend(S3Connection connection, String bucket, String prefix, String description) {
    this.connection = connection;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
    this.lister = new S3Lister(connection, bucket, prefix, description);
    this.writer = new S3Writer(connection, bucket, prefix, description);
    this.uploads = new S3Uploads(connection, bucket, prefix, description);
    this.deletes = new S3Deletes(connection, bucket, prefix, description);
    this.copies = new S3Copies(connection, bucket, prefix, description);
  }

  /**
   * A backend for the keys under {@code prefix} in {@code bucket}; no request is made here.
   *
   * @param prefix a key prefix used as a directory ({@code in} holds the keys under {@code in/}),
   *     or empty for the whole bucket
   * @param description how logs and errors name it, e.g. {@code s3 src:bucket/in}
   */
  public static S3Backend create(
      S3Connection connection, String bucket, String prefix, String description) {
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("bucket must not be empty");
    }
    return new S3Backend(connection, bucket, KeyPrefix.asDirectory(prefix), description);
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The key prefix, empty or ending in {@code /}. */
  public String prefix() {
    return prefix;
  }

  private MinioAsyncClient client() {
    return connection.client();
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    return S3Errors.await(description, future, what);
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    return lister.list(startAfter, lastKey, maxKeys);
  }

  // ---- stat and read

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return head(key).map(r -> ObjectReplies.info(key, r));
  }

  private Optional<StatObjectResponse> head(String key) {
    try {
      String object = prefix + key;
      return Optional.of(
          ExactKeys.rewrittenByClient(object)
              ? connection.exactKeyCalls(description, key).head(bucket, object)
              : client()
                  .statObject(StatObjectArgs.builder().bucket(bucket).object(object).build())
                  .join());
    } catch (IOException | MinioException | RuntimeException e) {
      StorageException error = S3Errors.classify(description, "stat " + key, e);
      if (error instanceof NotFoundException) {
        return Optional.empty();
      }
      throw error;
    }
  }

  /** Stats the object: S3 listings carry neither content-type, user metadata nor tags. */
  @Override
  public ObjectMetadata metadataOf(ObjectInfo listed) {
    StatObjectResponse r =
        head(listed.key())
            .orElseThrow(
                () -> new NotFoundException(description + ": " + listed.key() + " is gone"));
    return withTags(listed, ObjectReplies.info(listed.key(), r), r.headers()::get);
  }

  @Override
  public Opened openWithMetadata(ObjectInfo listed) {
    return openWithMetadata(listed, true);
  }

  /** One GET: the response's headers are those a stat would read; tags one more request. */
  @Override
  public Opened openWithMetadata(ObjectInfo listed, boolean tags) {
    GetObjectResponse r = get(listed.key());
    return Opened.closingOnFailure(
        r,
        () -> {
          ObjectInfo info =
              ObjectReplies.info(
                  listed.key(),
                  new StatObjectResponse(
                      new HeadObjectResponse(r.headers(), r.bucket(), r.region(), r.object())));
          return tags
              ? withTags(listed, info, r.headers()::get)
              : info.copyMetadata(listed.lastModified());
        });
  }

  /**
   * What a copy of {@code listed} carries: {@code info}'s metadata, and its tags where the reply's
   * {@code header}s count some and this profile copies them (one more request, tagged objects
   * only).
   */
  private ObjectMetadata withTags(
      ObjectInfo listed, ObjectInfo info, UnaryOperator<String> header) {
    ObjectMetadata meta = info.copyMetadata(listed.lastModified());
    if (!connection.copiesTags() || !ObjectTags.tagged(header)) {
      return meta;
    }
    String object = prefix + listed.key();
    try {
      ObjectReads reads = connection.reads(description, listed.key(), object);
      Map<String, String> tags =
          reads != null
              ? reads.tags(bucket, object)
              : client()
                  .getObjectTags(GetObjectTagsArgs.builder().bucket(bucket).object(object).build())
                  .join()
                  .get();
      return meta.withTags(tags);
    } catch (IOException | MinioException | RuntimeException e) {
      throw ObjectTags.refused(
          S3Errors.classify(description, "read the tags of " + listed.key(), e),
          "s3:GetObjectTagging");
    }
  }

  @Override
  public InputStream open(String key) {
    return get(key);
  }

  private GetObjectResponse get(String key) {
    String object = prefix + key;
    ObjectReads reads = connection.reads(description, key, object);
    if (reads == null) {
      return await(
          client().getObject(GetObjectArgs.builder().bucket(bucket).object(object).build()),
          "open " + key);
    }
    try {
      return reads.get(bucket, object);
    } catch (IOException | MinioException e) {
      throw S3Errors.classify(description, "open " + key, e);
    }
  }

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    return writer.put(key, data, size, metadata, ResumableWrite.NONE);
  }

  @Override
  public ObjectInfo put(
      String key, InputStream data, long size, ObjectMetadata metadata, ResumableWrite write) {
    return writer.put(key, data, size, metadata, write);
  }

  @Override
  public void abandon(String key, String uploadId) {
    writer.abandon(key, uploadId);
  }

  /** Every PUT carries {@code Content-MD5} and every part a CRC32C, which the server checks. */
  @Override
  public boolean checksWrites() {
    return true;
  }

  // ---- delete

  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    return deletes.delete(keys);
  }

  /** One DELETE with {@code If-Match} per object: see {@link S3Deletes}. */
  @Override
  public List<DeleteFailure> deleteUnchanged(List<ObjectInfo> listed) {
    return deletes.deleteUnchanged(this, listed);
  }

  // ---- incomplete uploads

  @Override
  public List<IncompleteUpload> incompleteUploads() {
    return uploads.incompleteUploads();
  }

  @Override
  public void abort(IncompleteUpload upload) {
    uploads.abort(upload);
  }

  // ---- server-side copy

  /** With {@code tags: copy}. */
  @Override
  public boolean keepsTags() {
    return connection.copiesTags();
  }

  @Override
  public String locationId() {
    String endpoint = connection.endpoint().replaceAll("/+$", "").toLowerCase(Locale.ROOT);
    String path =
        prefix.isEmpty() ? bucket : bucket + "/" + prefix.substring(0, prefix.length() - 1);
    return "s3:" + endpoint + "/" + path;
  }

  @Override
  public boolean canCopyFrom(StorageBackend source) {
    return source instanceof S3Backend other && other.connection.sameAccount(connection);
  }

  @Override
  public ObjectInfo copyFrom(
      StorageBackend source, String sourceKey, String key, ObjectInfo sourceInfo) {
    if (!canCopyFrom(source)) {
      throw new IllegalArgumentException("cannot copy server-side from " + source.describe());
    }
    S3Backend from = (S3Backend) source;
    boolean keepTags = connection.copiesTags() && from.connection.copiesTags();
    copies.copy(from, sourceKey, key, sourceInfo, keepTags);
    return stat(key)
        .orElseThrow(() -> new NotFoundException(description + ": copy of " + key + " vanished"));
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
