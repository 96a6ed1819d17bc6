package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.StorageException;
import io.minio.AbortMultipartUploadArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListPartsArgs;
import io.minio.MinioAsyncClient;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.ListPartsResult;
import io.minio.messages.Part;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the unfinished multipart upload of one object that an earlier attempt left, for a retry to
 * continue, and aborts the ones no attempt will: those begun before the source last changed, and
 * every other unfinished upload of the same key (a key has one object; a second upload of it is an
 * older attempt's leftover).
 *
 * <p>Uploads are found by listing the bucket's unfinished uploads under the exact key; where the
 * store cannot list them (it answers 501 NotImplemented), only the upload the earlier attempt's
 * heartbeat named is tried.
 */
final class EarlierUploads {
  private static final Logger log = LoggerFactory.getLogger(EarlierUploads.class);

  private final MinioAsyncClient client;
  private final String bucket;
  private final String description;

  EarlierUploads(MinioAsyncClient client, String bucket, String description) {
    this.client = client;
    this.bucket = bucket;
    this.description = description;
  }

  /** The earlier upload of {@code objectName} to continue, or null to start a new one. */
  EarlierUpload find(String objectName, ResumableWrite write) {
    List<Unfinished> uploads = uploadsOf(objectName, write.uploadId());
    Unfinished chosen = choose(uploads, write);
    for (Unfinished u : uploads) {
      if (u != chosen) {
        abortQuietly(objectName, u.uploadId(), "not continued");
      }
    }
    if (chosen == null) {
      return null;
    }
    Map<Integer, Part> parts = partsOf(objectName, chosen.uploadId());
    if (parts == null) {
      return null; // gone meanwhile (completed or aborted by someone else)
    }
    log.info(
        "{}: continuing upload of {} left by an earlier attempt ({} parts stored)",
        description,
        objectName,
        parts.size());
    return new EarlierUpload(chosen.uploadId(), parts);
  }

  /**
   * Aborts {@code uploadId} of {@code objectName}, or with a null id every unfinished upload of it;
   * an upload already gone counts as aborted.
   */
  void abandon(String objectName, String uploadId) {
    List<Unfinished> uploads =
        uploadId != null ? List.of(new Unfinished(uploadId, null)) : uploadsOf(objectName, null);
    for (Unfinished u : uploads) {
      abort(objectName, u.uploadId());
    }
  }

  /** The upload the heartbeat named if listed, else the newest; none begun before the source. */
  private static Unfinished choose(List<Unfinished> uploads, ResumableWrite write) {
    Instant changed = write.sourceModified();
    return uploads.stream()
        .filter(u -> changed == null || u.initiated() == null || !u.initiated().isBefore(changed))
        .max(
            Comparator.comparing((Unfinished u) -> u.uploadId().equals(write.uploadId()))
                .thenComparing(u -> u.initiated() == null ? Instant.MIN : u.initiated()))
        .orElse(null);
  }

  /** The unfinished uploads of exactly {@code objectName}; the heartbeat's one where unlisted. */
  private List<Unfinished> uploadsOf(String objectName, String known) {
    List<Unfinished> found = new ArrayList<>();
    String keyMarker = null;
    String uploadIdMarker = null;
    try {
      while (true) {
        ListMultipartUploadsResult page =
            client
                .listMultipartUploads(
                    ListMultipartUploadsArgs.builder()
                        .bucket(bucket)
                        .prefix(objectName)
                        .keyMarker(keyMarker)
                        .uploadIdMarker(uploadIdMarker)
                        .build())
                .join()
                .result();
        for (ListMultipartUploadsResult.Upload u : page.uploads()) {
          if (objectName.equals(u.objectName())) {
            found.add(
                new Unfinished(
                    u.uploadId(), u.initiated() == null ? null : u.initiated().toInstant()));
          }
        }
        if (!page.isTruncated()) {
          return found;
        }
        keyMarker = page.nextKeyMarker();
        uploadIdMarker = page.nextUploadIdMarker();
      }
    } catch (RuntimeException e) {
      if (!cannotList(e)) {
        throw S3Errors.classify(description, "list unfinished uploads of " + objectName, e);
      }
      return known == null ? List.of() : List.of(new Unfinished(known, null));
    }
  }

  /** The stored parts of the upload by number, or null when the upload is gone. */
  private Map<Integer, Part> partsOf(String objectName, String uploadId) {
    Map<Integer, Part> parts = new TreeMap<>();
    Integer marker = null;
    try {
      while (true) {
        ListPartsResult page =
            client
                .listParts(
                    ListPartsArgs.builder()
                        .bucket(bucket)
                        .object(objectName)
                        .uploadId(uploadId)
                        .partNumberMarker(marker)
                        .build())
                .join()
                .result();
        page.parts().forEach(p -> parts.put(p.partNumber(), p));
        if (!page.isTruncated() || page.nextPartNumberMarker() == null) {
          return parts;
        }
        marker = page.nextPartNumberMarker();
      }
    } catch (RuntimeException e) {
      if (code(e).equals("NoSuchUpload")) {
        return null;
      }
      throw S3Errors.classify(description, "list the stored parts of " + objectName, e);
    }
  }

  private void abortQuietly(String objectName, String uploadId, String why) {
    try {
      abort(objectName, uploadId);
      log.info("{}: aborted an unfinished upload of {} ({})", description, objectName, why);
    } catch (StorageException e) {
      log.warn("{}: could not abort an unfinished upload of {}: {}", description, objectName, e);
    }
  }

  private void abort(String objectName, String uploadId) {
    try {
      client
          .abortMultipartUpload(
              AbortMultipartUploadArgs.builder()
                  .bucket(bucket)
                  .object(objectName)
                  .uploadId(uploadId)
                  .build())
          .join();
    } catch (RuntimeException e) {
      if (!code(e).equals("NoSuchUpload")) {
        throw S3Errors.classify(description, "abort an unfinished upload of " + objectName, e);
      }
    }
  }

  /** Whether the store cannot list unfinished uploads at all (not an error of this one request). */
  private static boolean cannotList(Exception e) {
    String code = code(e);
    return code.equals("NotImplemented") || status(e) == 501;
  }

  private static String code(Exception e) {
    ErrorResponseException ere = errorResponse(e);
    return ere == null ? "" : String.valueOf(ere.errorResponse().code());
  }

  private static int status(Exception e) {
    ErrorResponseException ere = errorResponse(e);
    return ere == null || ere.response() == null ? 0 : ere.response().code();
  }

  private static ErrorResponseException errorResponse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ErrorResponseException ere) {
        return ere;
      }
    }
    return null;
  }

  private record Unfinished(String uploadId, Instant initiated) {}
}
