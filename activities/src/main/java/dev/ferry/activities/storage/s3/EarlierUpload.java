package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.DigestingInputStream;
import io.minio.messages.Part;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * An unfinished multipart upload of one object that an earlier attempt left, with the parts the
 * store holds of it. A part is kept only where the store's checksum of it (its ETag, the MD5 of its
 * bytes for a plain upload; else the CRC32C sent with it) equals that of the same bytes of the
 * stream now: the store's own account of the part, not what an earlier attempt claimed.
 *
 * @param uploadId the upload's id
 * @param parts the stored parts by part number
 */
record EarlierUpload(String uploadId, Map<Integer, Part> parts) {

  /** The stored part {@code number} if it holds exactly {@code bytes[0..length)}, else null. */
  Part keep(int number, byte[] bytes, int length) {
    Part stored = parts.get(number);
    if (stored == null || stored.partSize() != length) {
      return null;
    }
    String etag = ObjectReplies.stripQuotes(stored.etag());
    String crc = crc32c(bytes, length);
    boolean same =
        etag != null && etag.equalsIgnoreCase(DigestingInputStream.md5Hex(bytes, length))
            || crc.equals(stored.checksumCRC32C());
    // Completing the upload names each part's CRC32C, which not every ListParts reply carries.
    return same ? new Part(number, stored.etag(), null, crc, null, null, null) : null;
  }

  /** The base64 CRC32C of {@code bytes[0..length)}, as S3 writes it. */
  static String crc32c(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(Integer.BYTES).putInt((int) crc.getValue()).array());
  }
}
