package dev.ferry.activities.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ResumableWrite.UploadProgress;
import java.util.Objects;

/**
 * What a copy attempt's heartbeat says of the large object it is writing, so that a retry on any
 * worker can continue it: the upload, how far it got, and which version of the source it holds. The
 * parts' own checksums are not repeated here: a retry asks the store for them (ListParts) and keeps
 * a part only where the store's checksum equals that of the source's bytes.
 *
 * @param key the object's key
 * @param uploadId the store's id of the unfinished upload
 * @param partSize bytes per part
 * @param parts parts stored, in order from the first
 * @param bytes bytes those parts hold
 * @param resumedBytes bytes kept from an earlier attempt rather than sent again
 * @param sourceSize the source object's size
 * @param sourceEtag the source object's ETag, or null
 * @param sourceModified the source object's modification time (ISO-8601), or null
 */
// A retry on a worker older than the heartbeat's writer reads what it knows.
@JsonIgnoreProperties(ignoreUnknown = true)
public record UploadHeartbeat(
    String key,
    String uploadId,
    long partSize,
    int parts,
    long bytes,
    long resumedBytes,
    long sourceSize,
    String sourceEtag,
    String sourceModified) {

  static UploadHeartbeat of(ObjectInfo source, UploadProgress progress) {
    return new UploadHeartbeat(
        source.key(),
        progress.uploadId(),
        progress.partSize(),
        progress.parts(),
        progress.bytes(),
        progress.resumedBytes(),
        source.size(),
        source.etag(),
        source.lastModified() == null ? null : source.lastModified().toString());
  }

  /** Whether {@code source} is still the version this upload was writing. */
  boolean sameSource(ObjectInfo source) {
    return source.size() == sourceSize
        && Objects.equals(source.etag(), sourceEtag)
        && Objects.equals(
            source.lastModified() == null ? null : source.lastModified().toString(),
            sourceModified);
  }
}
