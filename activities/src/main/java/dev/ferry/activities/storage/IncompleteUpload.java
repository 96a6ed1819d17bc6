package dev.ferry.activities.storage;

import java.time.Instant;

/**
 * One unfinished write under a location.
 *
 * @param key the object's key relative to the location (for a filesystem, the temporary file's path
 *     relative to the root)
 * @param uploadId the store's id of the upload (S3's upload id; a filesystem's temporary file name)
 * @param initiated when the upload began (a filesystem: the temporary file's mtime)
 * @param bytes bytes the store holds of it, or -1 when unknown without listing its parts
 */
public record IncompleteUpload(String key, String uploadId, Instant initiated, long bytes) {}
