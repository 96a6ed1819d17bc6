package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.HeaderMetadata;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.ResumableWrites;
import dev.ferry.activities.storage.StreamChunks;
import io.minio.Checksum;
import io.minio.CopyObjectArgs;
import io.minio.Directive;
import io.minio.Http;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectAPIArgs;
import io.minio.PutObjectArgs;
import io.minio.SourceObject;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes objects under one bucket and prefix: one PUT up to a part, a {@link MultipartUpload}
 * above, each with the MD5 of its bytes recorded as user metadata (see {@link S3Backend}).
 */
final class S3Writer {
  /** The MD5 (and a single-part ETag) of no bytes. */
  private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

  private static final String USER_METADATA_HEADER = "x-amz-meta-";
  static final String STORAGE_CLASS_HEADER = "x-amz-storage-class";

  private final S3Connection connection;
  private final String bucket;
  private final String prefix;
  private final String description;
  private final EarlierUploads earlierUploads;

  S3Writer(S3Connection connection, String bucket, String prefix, String description) {
    this.connection = connection;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
    this.earlierUploads =
        new EarlierUploads(
            new S3Uploads(connection, bucket, prefix, description),
            connection.partsClient(),
            bucket,
            prefix,
            description);
  }

  /** Drops the unfinished uploads of {@code key}, as {@link ResumableWrites#abandon}. */
  void abandon(String key, String uploadId) {
    if (!ExactKeys.writtenExactly(prefix + key)) {
      earlierUploads.abandon(key, uploadId);
    }
  }

  /** Writes {@code key}, as {@link ResumableWrites#put}. */
  ObjectInfo put(
      String key, InputStream data, long size, ObjectMetadata metadata, ResumableWrite write) {
    ObjectMetadata meta = metadata == null ? ObjectMetadata.EMPTY : metadata;
    HeaderMetadata.requireTokenNames("S3", key, meta.userMetadata());
    try {
      return write(key, data, size, meta, write);
    } catch (LocationFaultException | PermanentStorageException e) {
      throw tagsSent(meta) ? ObjectTags.refused(e, "s3:PutObjectTagging") : e;
    }
  }

  private ObjectInfo write(
      String key, InputStream data, long size, ObjectMetadata meta, ResumableWrite write) {
    long partSize = partSizeFor(size);
    DigestingInputStream digesting = new DigestingInputStream(data, size, meta.md5());
    PushbackInputStream in = new PushbackInputStream(digesting, 1);
    try {
      if (size > partSize) {
        return putMultipart(key, in, digesting, size, partSize, meta, write);
      }
      // Unknown length: read one part to tell a small object (one PUT) from a large one.
      byte[] first = StreamChunks.readUpTo(in, (int) (size >= 0 ? size : partSize));
      boolean single =
          size >= 0 ? size <= partSize : first.length < partSize || StreamChunks.atEnd(in);
      if (single) {
        if (size >= 0 && first.length != size) {
          throw new ChecksumMismatchException(
              description
                  + ": put "
                  + key
                  + ": expected "
                  + size
                  + " bytes but the stream had "
                  + first.length);
        }
        return putSingle(key, first, digesting.hex(), meta);
      }
      // A stream of unknown length cannot be checked against stored parts: never continued.
      return putMultipart(
          key,
          new PrefixedInputStream(first, in),
          digesting,
          size,
          partSize,
          meta,
          ResumableWrite.NONE);
    } catch (IOException e) {
      throw S3Errors.classify(description, "put " + key, e);
    }
  }

  private long partSizeFor(long size) {
    long partSize = connection.partSize();
    if (size > 0) {
      // S3 allows 10,000 parts: grow the part for huge known sizes (rounded up to 1 MiB).
      long needed = (size + 9_999) / 10_000;
      needed = ((needed + (1 << 20) - 1) >> 20) << 20;
      partSize = Math.max(partSize, needed);
    }
    return partSize;
  }

  /**
   * One PUT. The payload goes unsigned, with its MD5 as {@code Content-MD5}: the server checks the
   * bytes against it, and neither side hashes them with SHA-256 (or the client with CRC32C) again.
   */
  private ObjectInfo putSingle(String key, byte[] bytes, String md5, ObjectMetadata meta)
      throws IOException {
    requireExpected(key, md5, meta);
    String contentMd5 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5));
    ObjectCalls direct = connection.objectCalls();
    boolean rewritten = ExactKeys.writtenExactly(prefix + key);
    if (direct != null || rewritten) {
      Map<String, String> headers =
          creating(objectHeaders(meta, withMd5(meta.userMetadata(), md5)), meta, true);
      headers.put(Http.Headers.CONTENT_MD5, contentMd5);
      try {
        ObjectWriteResponse r =
            rewritten
                ? exactToWrite(key).put(bucket, prefix + key, bytes, headers)
                : direct.put(bucket, prefix + key, bytes, headers);
        return written(key, bytes.length, r, meta, md5);
      } catch (MinioException | IllegalArgumentException e) {
        throw S3Errors.classify(description, "put " + key, e);
      }
    }
    PutObjectArgs object =
        PutObjectArgs.builder()
            .bucket(bucket)
            .object(prefix + key)
            .data(bytes, bytes.length)
            .headers(creating(standardHeaders(meta), meta, true))
            .userMetadata(withMd5(meta.userMetadata(), md5))
            .build();
    Http.Headers integrity =
        new Http.Headers(
            Http.Headers.X_AMZ_CONTENT_SHA256,
            Checksum.UNSIGNED_PAYLOAD,
            Http.Headers.CONTENT_MD5,
            contentMd5);
    ObjectWriteResponse r =
        S3Errors.await(
            description,
            connection
                .client()
                .putObject(
                    new PutObjectAPIArgs(
                        object, bytes, bytes.length, object.contentType(), integrity)),
            "put " + key);
    return written(key, bytes.length, r, meta, md5);
  }

  private ObjectInfo putMultipart(
      String key,
      InputStream whole,
      DigestingInputStream digest,
      long size,
      long partSize,
      ObjectMetadata meta,
      ResumableWrite write)
      throws IOException {
    Map<String, String> headers = standardHeaders(meta);
    // Where a copy onto itself records the MD5, that copy sets the storage class: a store cannot
    // copy an object already in an archive class (GLACIER, DEEP_ARCHIVE).
    boolean classNow = meta.md5() != null;
    EarlierUpload earlier = null;
    Map<String, String> userMetadata =
        meta.md5() == null ? meta.userMetadata() : withMd5(meta.userMetadata(), meta.md5());
    UploadRequests requests;
    if (ExactKeys.writtenExactly(prefix + key)) {
      // Their uploads go by exact paths, which continuing one does not (yet): a plain upload.
      write = ResumableWrite.NONE;
      requests =
          exactToWrite(key)
              .uploads(
                  bucket,
                  prefix + key,
                  creating(objectHeaders(meta, userMetadata), meta, classNow));
    } else {
      if (write.continueEarlier()) {
        earlier = earlierUploads.find(key, write);
      }
      PutObjectArgs object =
          PutObjectArgs.builder().bucket(bucket).object(prefix + key).stream(
                  whole, size >= 0 ? size : null, partSize)
              .headers(creating(standardHeaders(meta), meta, classNow))
              .userMetadata(userMetadata)
              .build();
      requests = new MinioUploadRequests(connection.partsClient(), object);
    }
    ObjectWriteResponse put;
    try {
      put =
          new MultipartUpload(requests, partSize, S3Backend.PARALLEL_PARTS, earlier, write)
              .upload(whole, size);
    } catch (MultipartUpload.ShortStreamException e) {
      throw new ChecksumMismatchException(
          description
              + ": put "
              + key
              + ": expected "
              + size
              + " bytes but the stream had "
              + e.actual());
    } catch (RuntimeException e) {
      throw S3Errors.classify(description, "put " + key, e);
    }
    long count = digest.count();
    String md5 = digest.hex();
    if (meta.md5() != null) {
      requireExpected(key, md5, meta);
      return written(key, count, put, meta, md5);
    }
    // The MD5 is known only now: record it by copying the object onto itself with new metadata.
    if (ExactKeys.writtenExactly(prefix + key)) {
      try {
        ObjectWriteResponse r =
            exactToWrite(key)
                .copy(
                    bucket,
                    prefix + key,
                    bucket,
                    prefix + key,
                    objectHeaders(meta, withMd5(meta.userMetadata(), md5)),
                    true,
                    connection.storageClass());
        return written(key, count, r, meta, md5);
      } catch (MinioException | IllegalArgumentException e) {
        throw S3Errors.classify(description, "record checksum of " + key, e);
      }
    }
    CopyObjectArgs copy =
        CopyObjectArgs.builder()
            .bucket(bucket)
            .object(prefix + key)
            .source(SourceObject.builder().bucket(bucket).object(prefix + key).build())
            .metadataDirective(Directive.REPLACE)
            .headers(withStorageClass(headers, connection.storageClass()))
            .userMetadata(withMd5(meta.userMetadata(), md5))
            .build();
    ObjectWriteResponse r =
        S3Errors.await(
            description, connection.client().copyObject(copy), "record checksum of " + key);
    return written(key, count, r, meta, md5);
  }

  /**
   * {@code headers} for a request that creates an object: with {@code x-amz-tagging} where the
   * object has tags and this profile copies them (a copy onto itself keeps the tags it has), and
   * with this profile's storage class where {@code withClass}.
   */
  private Map<String, String> creating(
      Map<String, String> headers, ObjectMetadata meta, boolean withClass) {
    if (tagsSent(meta)) {
      headers.put(ObjectTags.TAGGING_HEADER, ObjectTags.header(meta.tags()));
    }
    return withClass ? withStorageClass(headers, connection.storageClass()) : headers;
  }

  /** {@code headers} with {@code x-amz-storage-class: storageClass}, where that is not null. */
  static Map<String, String> withStorageClass(Map<String, String> headers, String storageClass) {
    if (storageClass != null) {
      headers.put(STORAGE_CLASS_HEADER, storageClass);
    }
    return headers;
  }

  private boolean tagsSent(ObjectMetadata meta) {
    return connection.copiesTags() && !meta.tags().isEmpty();
  }

  /** The headers that create an object: its content type and user metadata. */
  private static Map<String, String> objectHeaders(
      ObjectMetadata meta, Map<String, String> userMetadata) {
    Map<String, String> headers = new LinkedHashMap<>(standardHeaders(meta));
    userMetadata.forEach((name, value) -> headers.put(userMetadataHeader(name), value));
    return headers;
  }

  /** The calls that write {@code key}, one the usual clients would send to another path. */
  private ExactKeyCalls exactToWrite(String key) {
    return connection.exactKeyCallsToWrite(description, bucket, prefix, key);
  }

  /** The content type and the other standard properties ({@code Content-Encoding}, ...). */
  static Map<String, String> standardHeaders(ObjectMetadata meta) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (meta.contentType() != null) {
      headers.put("Content-Type", meta.contentType());
    }
    headers.putAll(meta.headers().asHeaders());
    return headers;
  }

  private ObjectInfo written(
      String key, long size, ObjectWriteResponse r, ObjectMetadata meta, String md5) {
    String etag = ObjectReplies.stripQuotes(r.etag());
    if (size > 0 && EMPTY_MD5.equals(etag)) {
      // S3Proxy's file store takes a key ending in '/' for a directory and drops the bytes, yet
      // answers 200. No store's ETag of stored bytes is the MD5 of none (SSE-KMS ETags are not).
      throw new PermanentStorageException(
          description
              + ": put "
              + key
              + ": the store kept none of the "
              + size
              + " bytes sent (it answered with the ETag of an empty object"
              + (key.endsWith("/") ? "; it holds a key ending in '/' as a directory" : "")
              + ")");
    }
    return new ObjectInfo(
        key,
        size,
        etag,
        r.lastModified() == null ? Instant.now() : r.lastModified().toInstant(),
        meta.contentType(),
        meta.userMetadata(),
        md5);
  }

  private void requireExpected(String key, String md5, ObjectMetadata meta) {
    if (meta.md5() != null && !meta.md5().equals(md5)) {
      throw new ChecksumMismatchException(
          description + ": put " + key + ": MD5 " + md5 + " of the bytes, expected " + meta.md5());
    }
  }

  /** The header of a user metadata entry, named as the MinIO client names it for its PUTs. */
  private static String userMetadataHeader(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith(USER_METADATA_HEADER)
        ? name
        : USER_METADATA_HEADER + name;
  }

  /**
   * The user metadata to write, with the bytes' MD5 as {@code ferry-md5}. An rclone {@code
   * md5chksum} the source carried says the same MD5 here: carried as it was, a stale one (its
   * object rewritten since, its ferry-md5 right) made {@code rclone md5sum} report a wrong MD5 for
   * the copy.
   */
  private static Map<String, String> withMd5(Map<String, String> userMetadata, String md5) {
    Map<String, String> all = new LinkedHashMap<>(userMetadata);
    all.replaceAll(
        (name, value) ->
            name.equalsIgnoreCase(S3Backend.RCLONE_MD5_METADATA)
                ? Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5))
                : value);
    all.put(S3Backend.MD5_METADATA, md5);
    return all;
  }
}
