package dev.ferry.activities.storage.s3;

import dev.ferry.activities.config.S3Listing;
import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.OpenWithMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.ServerSideCopy;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import io.minio.Checksum;
import io.minio.CopyObjectArgs;
import io.minio.DeleteObjectsArgs;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.HeadObjectResponse;
import io.minio.Http;
import io.minio.ListObjectsV2Args;
import io.minio.ListObjectsV2Response;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectAPIArgs;
import io.minio.PutObjectArgs;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.MinioException;
import io.minio.messages.Contents;
import io.minio.messages.DeleteRequest;
import io.minio.messages.DeleteResult;
import io.minio.messages.Item;
import io.minio.messages.ListBucketResultV2;
import io.minio.messages.ListObjectsResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

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
public final class S3Backend implements StorageBackend, ServerSideCopy, OpenWithMetadata {
  /** User metadata entry holding the hex MD5 of the bytes, as rclone's {@code md5chksum}. */
  public static final String MD5_METADATA = "ferry-md5";

  /**
   * rclone's user metadata entry for the base64 MD5 of a multipart upload: read as the object's
   * checksum when ferry's own is absent, so objects rclone wrote need neither a second read nor a
   * checksum-recording copy; carried over like any other metadata.
   */
  static final String RCLONE_MD5_METADATA = "md5chksum";

  private static final String USER_METADATA_HEADER = "x-amz-meta-";

  /** Keys per DeleteObjects request, the S3 maximum. */
  static final int DELETE_BATCH = 1000;

  /** Parts of one multipart upload in flight at once, as rclone's default upload concurrency. */
  static final int PARALLEL_PARTS = 4;

  private static final int LIST_BATCH = 1000;
  private static final int SMALL_READ = 1 << 16;
  private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-f]{32}");

  private final S3Connection connection;
  private final String bucket;
  private final String prefix;
  private final String description;

  /** Where the last page of a directory walk stopped, for the next page to go on from. */
  private final AtomicReference<DirectoryWalk> lastWalk = new AtomicReference<>();

  private S3Backend(S3Connection connection, String bucket, String prefix, String description) {
    this.connection = connection;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
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
    String p = prefix == null ? "" : prefix;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (!p.isEmpty() && !p.endsWith("/")) {
      p = p + "/";
    }
    return new S3Backend(connection, bucket, p, description);
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
    try {
      return future.join();
    } catch (RuntimeException e) {
      throw S3Errors.classify(description, what, e);
    }
  }

  // ---- listing

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
    }
    String after = startAfter == null ? null : prefix + startAfter;
    String last = lastKey == null ? null : prefix + lastKey;
    // Every key in (startAfter, lastKey] starts with what the two bounds share: asking for that
    // prefix returns the same keys, and lets a store that lists by directory (MinIO, S3Proxy)
    // walk one directory instead of the whole bucket.
    String listPrefix =
        startAfter == null || lastKey == null
            ? prefix
            : prefix + KeyOrder.commonPrefix(startAfter, lastKey);
    return connection.listing() == S3Listing.DIRECTORIES
        ? listDirectories(listPrefix, after, last, maxKeys)
        : listFlat(listPrefix, after, last, maxKeys);
  }

  private ListPage listFlat(String listPrefix, String after, String last, int maxKeys) {
    List<ObjectInfo> objects = new ArrayList<>();
    String token = null;
    String lastName = null;
    while (true) {
      // Never one key more than asked to learn whether more follow: the reply says so, and on a
      // store that walks its files per request (S3Proxy) a probe costs as much as a full page.
      int want = Math.min(LIST_BATCH, maxKeys - objects.size());
      ListBucketResultV2 result =
          decoded(await(listRequest(listPrefix, null, after, token, want), "list"));
      for (Contents item : result.contents()) {
        String name = item.objectName();
        if (last != null && KeyOrder.compare(name, last) > 0) {
          return new ListPage(objects, false);
        }
        objects.add(listed(name, item));
        lastName = name;
      }
      token = result.nextContinuationToken();
      if (!result.isTruncated() || token == null) {
        return new ListPage(objects, false);
      }
      if (objects.size() >= maxKeys) {
        // More may follow, unless the page ends at the bound itself.
        return new ListPage(objects, !lastName.equals(last));
      }
    }
  }

  /**
   * A page of a {@link DirectoryWalk}: the walk the previous page left off goes on when this page
   * starts where it stopped (a caller paging through a listing), so the directories it listed ahead
   * are not listed again.
   */
  private ListPage listDirectories(String listPrefix, String after, String last, int maxKeys) {
    DirectoryWalk walk = lastWalk.getAndSet(null);
    if (walk == null || !walk.continues(after, last)) {
      walk = new DirectoryWalk(this::listDirectory, listPrefix, after, last);
    }
    ListPage page = walk.next(maxKeys);
    if (page.truncated()) {
      lastWalk.set(walk);
    }
    return page;
  }

  /** One request of a {@link DirectoryWalk}: objects and common prefixes, merged in key order. */
  private Supplier<DirectoryWalk.Level> listDirectory(
      String listPrefix, String startAfter, String token, int maxKeys) {
    CompletableFuture<ListObjectsV2Response> reply =
        listRequest(listPrefix, "/", startAfter, token, maxKeys);
    return () -> {
      ListBucketResultV2 result = decoded(await(reply, "list"));
      List<DirectoryWalk.Entry> entries = new ArrayList<>();
      for (Contents item : result.contents()) {
        entries.add(new DirectoryWalk.Entry(item.objectName(), listed(item.objectName(), item)));
      }
      for (ListObjectsResult.Prefix p : result.commonPrefixes()) {
        Item item = p.toItem();
        item.setEncodingType(result.encodingType());
        entries.add(new DirectoryWalk.Entry(item.objectName(), null));
      }
      entries.sort((a, b) -> KeyOrder.compare(a.name(), b.name()));
      String next = result.isTruncated() ? result.nextContinuationToken() : null;
      return new DirectoryWalk.Level(entries, next);
    };
  }

  /** Sends one ListObjectsV2 request; startAfter applies without a token. */
  private CompletableFuture<ListObjectsV2Response> listRequest(
      String listPrefix, String delimiter, String startAfter, String token, int maxKeys) {
    ListObjectsV2Args.Builder args =
        ListObjectsV2Args.builder()
            .bucket(bucket)
            .prefix(listPrefix)
            .delimiter(delimiter)
            .maxKeys(maxKeys)
            .encodingType("url");
    if (token != null) {
      args.continuationToken(token);
    } else if (startAfter != null) {
      args.startAfter(startAfter);
    }
    return client().listObjectsV2(args.build());
  }

  /** The reply's result, its object names decoded as the request asked them encoded. */
  private static ListBucketResultV2 decoded(ListObjectsV2Response response) {
    ListBucketResultV2 result = response.result();
    for (Contents item : result.contents()) {
      item.setEncodingType(result.encodingType());
    }
    return result;
  }

  private ObjectInfo listed(String name, Contents item) {
    String etag = stripQuotes(item.etag());
    return new ObjectInfo(
        name.substring(prefix.length()),
        item.size(),
        etag,
        item.lastModified() == null ? null : item.lastModified().toInstant(),
        null,
        Map.of(),
        plainMd5(etag));
  }

  // ---- stat and read

  @Override
  public Optional<ObjectInfo> stat(String key) {
    try {
      String object = prefix + key;
      StatObjectResponse r =
          ExactKeys.rewrittenByClient(object)
              ? exact(key).head(bucket, object)
              : client()
                  .statObject(StatObjectArgs.builder().bucket(bucket).object(object).build())
                  .join();
      return Optional.of(info(key, r));
    } catch (IOException | MinioException | RuntimeException e) {
      StorageException error = S3Errors.classify(description, "stat " + key, e);
      if (error instanceof NotFoundException) {
        return Optional.empty();
      }
      throw error;
    }
  }

  /** What a HEAD (or a GET's headers) says of {@code key}. */
  ObjectInfo info(String key, StatObjectResponse r) {
    Map<String, String> meta = new HashMap<>();
    String md5 = null;
    for (String name : r.userMetadata().keySet()) {
      String lower = name.toLowerCase(Locale.ROOT);
      String value = r.userMetadata().getFirst(name);
      if (lower.equals(MD5_METADATA)) {
        md5 = value;
      } else {
        meta.put(lower, value);
      }
    }
    if (md5 == null) {
      md5 = hexOfBase64Md5(meta.get(RCLONE_MD5_METADATA));
    }
    String etag = stripQuotes(r.etag());
    return new ObjectInfo(
        key,
        r.size(),
        etag,
        r.lastModified() == null ? null : r.lastModified().toInstant(),
        r.contentType(),
        meta,
        md5 != null ? md5 : encryptedEtag(r) ? null : plainMd5(etag));
  }

  /** The hex form of a base64 MD5, or null when {@code base64} is absent or not one. */
  private static String hexOfBase64Md5(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      byte[] md5 = Base64.getDecoder().decode(base64.trim());
      return md5.length == 16 ? HexFormat.of().formatHex(md5) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** With SSE-KMS or SSE-C the ETag is not the MD5 of the bytes, even for a single part. */
  private static boolean encryptedEtag(StatObjectResponse r) {
    String sse = r.headers().get("x-amz-server-side-encryption");
    return (sse != null && sse.startsWith("aws:kms"))
        || r.headers().get("x-amz-server-side-encryption-customer-algorithm") != null;
  }

  /** Stats the object: S3 listings carry neither content-type nor user metadata. */
  @Override
  public ObjectMetadata metadataOf(ObjectInfo listed) {
    ObjectInfo info =
        stat(listed.key())
            .orElseThrow(
                () -> new NotFoundException(description + ": " + listed.key() + " is gone"));
    return new ObjectMetadata(
        info.contentType(), info.userMetadata(), listed.lastModified(), info.checksum());
  }

  /** One GET: the response's headers are those a stat would read. */
  @Override
  public Opened openWithMetadata(ObjectInfo listed) {
    GetObjectResponse r = get(listed.key());
    ObjectInfo info =
        info(
            listed.key(),
            new StatObjectResponse(
                new HeadObjectResponse(r.headers(), r.bucket(), r.region(), r.object())));
    return new Opened(
        r,
        new ObjectMetadata(
            info.contentType(), info.userMetadata(), listed.lastModified(), info.checksum()));
  }

  @Override
  public InputStream open(String key) {
    return get(key);
  }

  private GetObjectResponse get(String key) {
    ObjectCalls direct = connection.objectCalls();
    if (ExactKeys.rewrittenByClient(prefix + key)) {
      try {
        return exact(key).get(bucket, prefix + key);
      } catch (IOException | MinioException e) {
        throw S3Errors.classify(description, "open " + key, e);
      }
    }
    if (direct == null) {
      return await(
          client().getObject(GetObjectArgs.builder().bucket(bucket).object(prefix + key).build()),
          "open " + key);
    }
    try {
      return direct.get(bucket, prefix + key);
    } catch (IOException | MinioException e) {
      throw S3Errors.classify(description, "open " + key, e);
    }
  }

  // ---- write

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    ObjectMetadata meta = metadata == null ? ObjectMetadata.EMPTY : metadata;
    long partSize = partSizeFor(size);
    DigestingInputStream digesting = new DigestingInputStream(data, size, meta.md5());
    PushbackInputStream in = new PushbackInputStream(digesting, 1);
    try {
      if (size > partSize) {
        return putMultipart(key, in, digesting, size, partSize, meta);
      }
      // Unknown length: read one part to tell a small object (one PUT) from a large one.
      byte[] first = readUpTo(in, (int) (size >= 0 ? size : partSize));
      boolean single = size >= 0 ? size <= partSize : first.length < partSize || atEnd(in);
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
      return putMultipart(key, new PrefixedInputStream(first, in), digesting, size, partSize, meta);
    } catch (IOException e) {
      throw S3Errors.classify(description, "put " + key, e);
    }
  }

  /**
   * Reads up to {@code limit} bytes. A small stream costs a small array; a large one is read into
   * one array of the limit (never built from chunks and copied, which would double the peak).
   */
  private static byte[] readUpTo(InputStream in, int limit) throws IOException {
    byte[] small = new byte[Math.min(limit, SMALL_READ)];
    int n = in.readNBytes(small, 0, small.length);
    if (n < small.length || small.length == limit) {
      return n == small.length ? small : Arrays.copyOf(small, n);
    }
    byte[] buffer = new byte[limit];
    System.arraycopy(small, 0, buffer, 0, n);
    int total = n + in.readNBytes(buffer, n, limit - n);
    return total == limit ? buffer : Arrays.copyOf(buffer, total);
  }

  /** Peeks one byte past a full first part: a stream of exactly one part is a single PUT. */
  private static boolean atEnd(PushbackInputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      return true;
    }
    in.unread(b);
    return false;
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
    boolean rewritten = ExactKeys.rewrittenByClient(prefix + key);
    if (direct != null || rewritten) {
      Map<String, String> headers = objectHeaders(meta, withMd5(meta.userMetadata(), md5));
      headers.put(Http.Headers.CONTENT_MD5, contentMd5);
      try {
        ObjectWriteResponse r =
            rewritten
                ? exact(key).put(bucket, prefix + key, bytes, headers)
                : direct.put(bucket, prefix + key, bytes, headers);
        return written(key, bytes.length, r, meta, md5);
      } catch (MinioException e) {
        throw S3Errors.classify(description, "put " + key, e);
      }
    }
    PutObjectArgs object =
        PutObjectArgs.builder()
            .bucket(bucket)
            .object(prefix + key)
            .data(bytes, bytes.length)
            .headers(contentTypeHeader(meta))
            .userMetadata(withMd5(meta.userMetadata(), md5))
            .build();
    Http.Headers integrity =
        new Http.Headers(
            Http.Headers.X_AMZ_CONTENT_SHA256,
            Checksum.UNSIGNED_PAYLOAD,
            Http.Headers.CONTENT_MD5,
            contentMd5);
    ObjectWriteResponse r =
        await(
            client()
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
      ObjectMetadata meta)
      throws IOException {
    Map<String, String> headers = contentTypeHeader(meta);
    Map<String, String> userMetadata =
        meta.md5() == null ? meta.userMetadata() : withMd5(meta.userMetadata(), meta.md5());
    UploadRequests requests;
    if (ExactKeys.rewrittenByClient(prefix + key)) {
      requests = exact(key).uploads(bucket, prefix + key, objectHeaders(meta, userMetadata));
    } else {
      PutObjectArgs object =
          PutObjectArgs.builder().bucket(bucket).object(prefix + key).stream(
                  whole, size >= 0 ? size : null, partSize)
              .headers(headers)
              .userMetadata(userMetadata)
              .build();
      requests = new MinioUploadRequests(connection.partsClient(), object);
    }
    ObjectWriteResponse put;
    try {
      put = new MultipartUpload(requests, partSize, PARALLEL_PARTS).upload(whole, size);
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
    if (ExactKeys.rewrittenByClient(prefix + key)) {
      try {
        ObjectWriteResponse r =
            exact(key)
                .copy(
                    bucket,
                    prefix + key,
                    bucket,
                    prefix + key,
                    objectHeaders(meta, withMd5(meta.userMetadata(), md5)));
        return written(key, count, r, meta, md5);
      } catch (MinioException e) {
        throw S3Errors.classify(description, "record checksum of " + key, e);
      }
    }
    CopyObjectArgs copy =
        CopyObjectArgs.builder()
            .bucket(bucket)
            .object(prefix + key)
            .source(SourceObject.builder().bucket(bucket).object(prefix + key).build())
            .metadataDirective(Directive.REPLACE)
            .headers(headers)
            .userMetadata(withMd5(meta.userMetadata(), md5))
            .build();
    ObjectWriteResponse r = await(client().copyObject(copy), "record checksum of " + key);
    return written(key, count, r, meta, md5);
  }

  /** The headers that create an object: its content type and user metadata. */
  private static Map<String, String> objectHeaders(
      ObjectMetadata meta, Map<String, String> userMetadata) {
    Map<String, String> headers = new LinkedHashMap<>(contentTypeHeader(meta));
    userMetadata.forEach((name, value) -> headers.put(userMetadataHeader(name), value));
    return headers;
  }

  /**
   * The calls that send {@code key} exactly (it is one the clients would rewrite).
   *
   * @throws PermanentStorageException when the profile has no region, which they need to sign
   */
  private ExactKeyCalls exact(String key) {
    ExactKeyCalls calls = connection.exactKeyCalls();
    if (calls == null) {
      throw new PermanentStorageException(
          description
              + ": "
              + key
              + ": a key with a '.' or '..' segment or a '//' is sent exactly only when the"
              + " profile sets its region; add region to the profile");
    }
    return calls;
  }

  private static Map<String, String> contentTypeHeader(ObjectMetadata meta) {
    return meta.contentType() == null ? Map.of() : Map.of("Content-Type", meta.contentType());
  }

  private ObjectInfo written(
      String key, long size, ObjectWriteResponse r, ObjectMetadata meta, String md5) {
    return new ObjectInfo(
        key,
        size,
        stripQuotes(r.etag()),
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

  private static Map<String, String> withMd5(Map<String, String> userMetadata, String md5) {
    Map<String, String> all = new LinkedHashMap<>(userMetadata);
    all.put(MD5_METADATA, md5);
    return all;
  }

  /** Every PUT carries {@code Content-MD5} and every part a CRC32C, which the server checks. */
  @Override
  public boolean checksWrites() {
    return true;
  }

  // ---- delete

  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    List<DeleteFailure> failures = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH));
      List<DeleteRequest.Object> objects = new ArrayList<>(batch.size());
      for (String key : batch) {
        objects.add(new DeleteRequest.Object(prefix + key));
      }
      DeleteResult result =
          await(
                  client()
                      .deleteObjects(
                          DeleteObjectsArgs.builder()
                              .bucket(bucket)
                              .objects(objects)
                              .quiet(true)
                              .build()),
                  "delete " + batch.size() + " objects")
              .result();
      for (DeleteResult.Error error : result.errors()) {
        if ("NoSuchKey".equals(error.code())) {
          continue;
        }
        String name = error.objectName() == null ? "" : error.objectName();
        String key = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        failures.add(new DeleteFailure(key, error.code() + " (" + error.message() + ")"));
      }
    }
    return failures;
  }

  // ---- server-side copy

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
    if (ExactKeys.rewrittenByClient(prefix + key)
        || ExactKeys.rewrittenByClient(from.prefix + sourceKey)) {
      copyExactly(from, sourceKey, key, sourceInfo);
      return stat(key)
          .orElseThrow(() -> new NotFoundException(description + ": copy of " + key + " vanished"));
    }
    CopyObjectArgs.Builder copy =
        CopyObjectArgs.builder()
            .bucket(bucket)
            .object(prefix + key)
            .source(
                SourceObject.builder().bucket(from.bucket).object(from.prefix + sourceKey).build());
    if (sourceInfo != null && sourceInfo.size() > io.minio.ObjectWriteArgs.MAX_PART_SIZE) {
      // Above 5 GiB the copy is multipart, which cannot carry metadata over by itself.
      ObjectInfo full =
          sourceInfo.checksum() != null && sourceInfo.contentType() != null
              ? sourceInfo
              : from.stat(sourceKey)
                  .orElseThrow(
                      () ->
                          new NotFoundException(from.description + ": " + sourceKey + " vanished"));
      Map<String, String> headers = new LinkedHashMap<>();
      if (full.contentType() != null) {
        headers.put("Content-Type", full.contentType());
      }
      Map<String, String> meta = new LinkedHashMap<>(full.userMetadata());
      if (full.checksum() != null) {
        meta.put(MD5_METADATA, full.checksum());
      }
      copy.metadataDirective(Directive.REPLACE).headers(headers).userMetadata(meta);
    }
    await(
        client().copyObject(copy.build()),
        "copy " + from.describe() + " " + sourceKey + " to " + key);
    return stat(key)
        .orElseThrow(() -> new NotFoundException(description + ": copy of " + key + " vanished"));
  }

  /** A server-side copy of one request, for keys the clients would rewrite; up to 5 GiB. */
  private void copyExactly(S3Backend from, String sourceKey, String key, ObjectInfo sourceInfo) {
    String what = "copy " + from.describe() + " " + sourceKey + " to " + key;
    if (sourceInfo != null && sourceInfo.size() > io.minio.ObjectWriteArgs.MAX_PART_SIZE) {
      throw new PermanentStorageException(
          description + ": " + what + ": a server-side copy over 5 GiB of such a key is not made");
    }
    try {
      exact(key).copy(bucket, prefix + key, from.bucket, from.prefix + sourceKey, null);
    } catch (IOException | MinioException e) {
      throw S3Errors.classify(description, what, e);
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }

  /**
   * Bytes already read, then the rest of the stream; drops the first part's array once it is
   * consumed, so an upload holds only the client's own part buffer from then on.
   */
  private static final class PrefixedInputStream extends InputStream {
    private byte[] head;
    private int position;
    private final InputStream rest;

    PrefixedInputStream(byte[] head, InputStream rest) {
      this.head = head;
      this.rest = rest;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (head != null) {
        int n = Math.min(len, head.length - position);
        if (n > 0 || len == 0) {
          System.arraycopy(head, position, b, off, n);
          position += n;
          return n;
        }
        head = null;
      }
      return rest.read(b, off, len);
    }
  }

  private static String stripQuotes(String etag) {
    if (etag == null) {
      return null;
    }
    return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }

  /** The ETag as a checksum when it is a plain MD5 (single-part upload), else null. */
  private static String plainMd5(String etag) {
    return etag != null && PLAIN_MD5.matcher(etag).matches() ? etag : null;
  }
}
