package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.PermanentStorageException;
import io.minio.CopyObjectArgs;
import io.minio.Directive;
import io.minio.SourceObject;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server-side copies into one bucket and prefix from another location of the same account: the
 * store copies the bytes, metadata and tags itself. Without tags ({@code tags: ignore} on either
 * side) the copy asks for none ({@code x-amz-tagging-directive: REPLACE} with no tags), so the
 * profile's choice holds for server-side copies as for streamed ones.
 */
final class S3Copies {
  private final S3Connection connection;
  private final String bucket;
  private final String prefix;
  private final String description;

  S3Copies(S3Connection connection, String bucket, String prefix, String description) {
    this.connection = connection;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
  }

  /**
   * Copies {@code sourceKey} of {@code from} to {@code key}, with its tags when {@code keepTags}.
   */
  void copy(S3Backend from, String sourceKey, String key, ObjectInfo sourceInfo, boolean keepTags) {
    String what = "copy " + from.describe() + " " + sourceKey + " to " + key;
    if (ExactKeys.writtenExactly(prefix + key)
        || ExactKeys.rewrittenByClient(from.prefix() + sourceKey)) {
      copyExactly(from, sourceKey, key, sourceInfo, keepTags, what);
      return;
    }
    CopyObjectArgs.Builder copy =
        CopyObjectArgs.builder()
            .bucket(bucket)
            .object(prefix + key)
            .source(
                SourceObject.builder()
                    .bucket(from.bucket())
                    .object(from.prefix() + sourceKey)
                    .build());
    if (!keepTags) {
      copy.taggingDirective(Directive.REPLACE);
    }
    // A copy is of the store's default class unless it names one, as a PUT is.
    Map<String, String> headers =
        S3Writer.withStorageClass(new LinkedHashMap<>(), connection.storageClass());
    if (sourceInfo != null && sourceInfo.size() > io.minio.ObjectWriteArgs.MAX_PART_SIZE) {
      // Above 5 GiB the copy is multipart, which cannot carry metadata over by itself.
      ObjectInfo full =
          sourceInfo.checksum() != null && sourceInfo.contentType() != null
              ? sourceInfo
              : from.stat(sourceKey)
                  .orElseThrow(
                      () ->
                          new NotFoundException(from.describe() + ": " + sourceKey + " vanished"));
      headers.putAll(S3Writer.standardHeaders(full.copyMetadata()));
      Map<String, String> meta = new LinkedHashMap<>(full.userMetadata());
      if (full.checksum() != null) {
        meta.put(S3Backend.MD5_METADATA, full.checksum());
      }
      copy.metadataDirective(Directive.REPLACE).userMetadata(meta);
    }
    copy.headers(headers);
    S3Errors.await(description, connection.client().copyObject(copy.build()), what);
  }

  /** A server-side copy of one request, for keys the clients would rewrite; up to 5 GiB. */
  private void copyExactly(
      S3Backend from,
      String sourceKey,
      String key,
      ObjectInfo sourceInfo,
      boolean keepTags,
      String what) {
    if (sourceInfo != null && sourceInfo.size() > io.minio.ObjectWriteArgs.MAX_PART_SIZE) {
      throw new PermanentStorageException(
          description + ": " + what + ": a server-side copy over 5 GiB of such a key is not made");
    }
    try {
      connection
          .exactKeyCallsToWrite(description, bucket, prefix, key)
          .copy(
              bucket,
              prefix + key,
              from.bucket(),
              from.prefix() + sourceKey,
              null,
              keepTags,
              connection.storageClass());
    } catch (IOException | MinioException e) {
      throw S3Errors.classify(description, what, e);
    }
  }
}
