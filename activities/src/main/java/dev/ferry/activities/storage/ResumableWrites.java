package dev.ferry.activities.storage;

import java.io.InputStream;

/**
 * Optional capability: a {@link StorageBackend#put} that a later attempt continues where an
 * interrupted one stopped (an S3 multipart upload's parts, a filesystem's temporary file), so a
 * crash in the middle of a large object does not send it again from byte 0.
 *
 * <p>A continued write is checked by content, not trusted: the caller streams the object from its
 * first byte again (which rebuilds the whole object's MD5), and each part the store already holds
 * is kept only where its checksum equals that of the same bytes of the stream; from the first part
 * that differs on, the bytes are written anew. So a continued write ends byte-exact even if the
 * source changed in between; the caller still starts over when it knows the source changed, so that
 * the unfinished write of the old version is dropped rather than partly kept.
 */
public interface ResumableWrites {

  /**
   * Writes {@code key} as {@link StorageBackend#put}, continuing an unfinished write of it as
   * {@code write} allows and telling {@code write} how far it got.
   */
  ObjectInfo put(
      String key, InputStream data, long size, ObjectMetadata metadata, ResumableWrite write);

  /**
   * Drops the unfinished writes of {@code key} that this location holds, so none is left stored
   * (and billed) when no attempt will continue it. An upload already gone counts as dropped.
   *
   * @param uploadId the unfinished write an attempt reported, or null to drop every unfinished
   *     write of {@code key}
   */
  void abandon(String key, String uploadId);
}
