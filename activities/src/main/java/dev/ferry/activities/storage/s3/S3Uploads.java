package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.IncompleteUpload;
import dev.ferry.activities.storage.IncompleteUploads;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageException;
import io.minio.AbortMultipartUploadArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.Utils;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.ListMultipartUploadsResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The incomplete multipart uploads under one bucket and prefix: ListMultipartUploads, paged by key
 * and upload id markers, and AbortMultipartUpload.
 *
 * <p>Sizes are not listed ({@code bytes} is -1): S3 tells them only through ListParts, one request
 * (or more) per upload, and a bucket that needs cleaning may hold thousands; what decides an abort
 * is the upload's age, which the listing has.
 */
final class S3Uploads implements IncompleteUploads {
  /** Uploads per ListMultipartUploads request, the S3 maximum. */
  private static final int PAGE = 1000;

  private final S3Connection connection;
  private final String bucket;
  private final String prefix;
  private final String description;
  private final int pageSize;

  S3Uploads(S3Connection connection, String bucket, String prefix, String description) {
    this(connection, bucket, prefix, description, PAGE);
  }

  /** As the four-argument constructor, asking for {@code pageSize} uploads per request. */
  S3Uploads(
      S3Connection connection, String bucket, String prefix, String description, int pageSize) {
    this.connection = connection;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
    this.pageSize = pageSize;
  }

  /**
   * @throws PermanentStorageException naming the store's answer when it cannot list incomplete
   *     uploads (S3Proxy's file store answers 501 NotImplemented)
   */
  /**
   * Each page after the first starts after the last key but one of the page before, by key alone:
   * the page's last key is listed again, and its uploads already seen are dropped by id. The
   * upload-id-marker is sent only when a page holds a single key, as versitygw v1.8.0 refuses its
   * own NextUploadIdMarker (it drops the marker key's uploads before looking for the id).
   */
  @Override
  public List<IncompleteUpload> incompleteUploads() {
    return listUnder(prefix);
  }

  /** The incomplete uploads of exactly {@code key}, oldest first. */
  List<IncompleteUpload> uploadsOf(String key) {
    List<IncompleteUpload> all = listUnder(prefix + key);
    all.removeIf(u -> !u.key().equals(key));
    return all;
  }

  private List<IncompleteUpload> listUnder(String under) {
    Map<String, IncompleteUpload> uploads = new LinkedHashMap<>();
    String keyMarker = null;
    String uploadIdMarker = null;
    while (true) {
      ListMultipartUploadsResult page = page(under, keyMarker, uploadIdMarker);
      List<String> names = new ArrayList<>();
      for (ListMultipartUploadsResult.Upload u : page.uploads()) {
        u.setEncodingType(page.encodingType());
        String name = u.objectName();
        names.add(name);
        if (name.startsWith(prefix)) {
          uploads.putIfAbsent(
              name + "\n" + u.uploadId(),
              new IncompleteUpload(
                  name.substring(prefix.length()), u.uploadId(), u.initiated().toInstant(), -1));
        }
      }
      if (!page.isTruncated()) {
        break;
      }
      String before = lastKeyButOne(names);
      String nextKey =
          before != null ? before : Utils.urlDecode(page.nextKeyMarker(), page.encodingType());
      String nextId = before != null ? null : page.nextUploadIdMarker();
      if (nextKey == null
          || Objects.equals(nextKey, keyMarker) && Objects.equals(nextId, uploadIdMarker)) {
        throw new PermanentStorageException(
            description
                + ": list incomplete uploads: the store says there are more but gives no marker"
                + " past '"
                + keyMarker
                + "'");
      }
      keyMarker = nextKey;
      uploadIdMarker = nextId;
    }
    List<IncompleteUpload> sorted = new ArrayList<>(uploads.values());
    sorted.sort(
        Comparator.comparing(IncompleteUpload::initiated).thenComparing(IncompleteUpload::key));
    return sorted;
  }

  /** The last of {@code names} (in key order) that differs from the last one, or null. */
  private static String lastKeyButOne(List<String> names) {
    for (int i = names.size() - 2; i >= 0; i--) {
      if (!names.get(i).equals(names.get(names.size() - 1))) {
        return names.get(i);
      }
    }
    return null;
  }

  private ListMultipartUploadsResult page(String under, String keyMarker, String uploadIdMarker) {
    ListMultipartUploadsArgs.Builder args =
        ListMultipartUploadsArgs.builder()
            .bucket(bucket)
            .prefix(under)
            .maxUploads(pageSize)
            .encodingType("url");
    if (keyMarker != null) {
      args.keyMarker(keyMarker).uploadIdMarker(uploadIdMarker);
    }
    try {
      return connection.client().listMultipartUploads(args.build()).join().result();
    } catch (RuntimeException e) {
      StorageException error = S3Errors.classify(description, "list incomplete uploads", e);
      if ("NotImplemented".equals(errorCode(error))) {
        throw new PermanentStorageException(
            error.getMessage() + ": this store cannot list incomplete uploads", error);
      }
      throw error;
    }
  }

  /**
   * Aborts {@code upload} at its exact key: a key the clients would rewrite goes through {@link
   * ExactKeyCalls}, so no other key's upload is addressed. {@code NoSuchUpload} (already aborted or
   * completed) counts as done.
   */
  @Override
  public void abort(IncompleteUpload upload) {
    String object = prefix + upload.key();
    String what = "abort upload " + upload.uploadId() + " of " + upload.key();
    try {
      if (ExactKeys.rewrittenByClient(object)) {
        connection
            .exactKeyCalls(description, upload.key())
            .abort(bucket, object, upload.uploadId());
      } else {
        connection
            .client()
            .abortMultipartUpload(
                AbortMultipartUploadArgs.builder()
                    .bucket(bucket)
                    .object(object)
                    .uploadId(upload.uploadId())
                    .build())
            .join();
      }
    } catch (IOException | MinioException | RuntimeException e) {
      StorageException error = S3Errors.classify(description, what, e);
      if (!"NoSuchUpload".equals(errorCode(error))) {
        throw error;
      }
    }
  }

  /** The S3 error code behind {@code error}, or null. */
  static String errorCode(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ErrorResponseException e) {
        return e.errorResponse().code();
      }
    }
    return null;
  }
}
