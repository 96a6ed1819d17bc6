package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.IncompleteUpload;
import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.StorageException;
import io.minio.ListPartsArgs;
import io.minio.MinioAsyncClient;
import io.minio.messages.ListPartsResult;
import io.minio.messages.Part;
import java.time.Instant;
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
 * <p>Uploads are found by listing the unfinished uploads of the exact key; where the store cannot
 * list them (it answers 501 NotImplemented), only the upload the earlier attempt's heartbeat named
 * is tried.
 */
final class EarlierUploads {
  private static final Logger log = LoggerFactory.getLogger(EarlierUploads.class);

  private final S3Uploads uploads;
  private final MinioAsyncClient client;
  private final String bucket;
  private final String prefix;
  private final String description;

  EarlierUploads(
      S3Uploads uploads,
      MinioAsyncClient client,
      String bucket,
      String prefix,
      String description) {
    this.uploads = uploads;
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
  }

  /** The earlier upload of {@code key} to continue, or null to start a new one. */
  EarlierUpload find(String key, ResumableWrite write) {
    List<IncompleteUpload> listed = uploadsOf(key, write.uploadId());
    IncompleteUpload chosen = choose(listed, write);
    for (IncompleteUpload u : listed) {
      if (u != chosen) {
        abortQuietly(u);
      }
    }
    if (chosen == null) {
      return null;
    }
    Map<Integer, Part> parts = partsOf(key, chosen.uploadId());
    if (parts == null) {
      return null; // gone meanwhile (completed or aborted by someone else)
    }
    log.info(
        "{}: continuing the upload of {} an earlier attempt left ({} parts stored)",
        description,
        key,
        parts.size());
    return new EarlierUpload(chosen.uploadId(), parts);
  }

  /**
   * Aborts {@code uploadId} of {@code key}, or with a null id every unfinished upload of it; an
   * upload already gone counts as aborted.
   */
  void abandon(String key, String uploadId) {
    List<IncompleteUpload> listed =
        uploadId != null
            ? List.of(new IncompleteUpload(key, uploadId, null, -1))
            : uploadsOf(key, null);
    listed.forEach(uploads::abort);
  }

  /** The upload the heartbeat named if listed, else the newest; none begun before the source. */
  private static IncompleteUpload choose(List<IncompleteUpload> listed, ResumableWrite write) {
    Instant changed = write.sourceModified();
    return listed.stream()
        .filter(u -> changed == null || u.initiated() == null || !u.initiated().isBefore(changed))
        .max(
            Comparator.comparing((IncompleteUpload u) -> u.uploadId().equals(write.uploadId()))
                .thenComparing(u -> u.initiated() == null ? Instant.MIN : u.initiated()))
        .orElse(null);
  }

  /** The unfinished uploads of exactly {@code key}; the heartbeat's one where the store can't. */
  private List<IncompleteUpload> uploadsOf(String key, String known) {
    try {
      return uploads.uploadsOf(key);
    } catch (StorageException e) {
      if (!"NotImplemented".equals(S3Uploads.errorCode(e))) {
        throw e;
      }
      return known == null ? List.of() : List.of(new IncompleteUpload(key, known, null, -1));
    }
  }

  /** The stored parts of the upload by number, or null when the upload is gone. */
  private Map<Integer, Part> partsOf(String key, String uploadId) {
    Map<Integer, Part> parts = new TreeMap<>();
    Integer marker = null;
    try {
      while (true) {
        ListPartsResult page =
            client
                .listParts(
                    ListPartsArgs.builder()
                        .bucket(bucket)
                        .object(prefix + key)
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
      if ("NoSuchUpload".equals(S3Uploads.errorCode(e))) {
        return null;
      }
      throw S3Errors.classify(description, "list the stored parts of " + key, e);
    }
  }

  private void abortQuietly(IncompleteUpload upload) {
    try {
      uploads.abort(upload);
      log.info(
          "{}: aborted an unfinished upload of {} no attempt continues", description, upload.key());
    } catch (StorageException e) {
      log.warn("{}: could not abort an unfinished upload: {}", description, e.getMessage());
    }
  }
}
