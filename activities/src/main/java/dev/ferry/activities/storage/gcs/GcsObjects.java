package dev.ferry.activities.storage.gcs;

import com.google.cloud.storage.BlobInfo;
import dev.ferry.activities.storage.ContentHeaders;
import dev.ferry.activities.storage.ObjectInfo;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** How a GCS object's resource becomes an {@link ObjectInfo}, and what ferry stores with it. */
final class GcsObjects {
  /**
   * User metadata holding the hex MD5 of an object GCS has none for (a composite object), as the S3
   * backend keeps it.
   */
  static final String MD5_METADATA = "ferry-md5";

  private GcsObjects() {}

  /**
   * The info of {@code blob}, its key relative to {@code prefix}. The checksum is the MD5 GCS
   * computed of the bytes it holds, else ferry's recorded one, else null.
   */
  static ObjectInfo info(BlobInfo blob, String prefix) {
    String name = blob.getName();
    String key = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    Map<String, String> user = new HashMap<>();
    if (blob.getMetadata() != null) {
      blob.getMetadata()
          .forEach(
              (k, v) -> {
                if (k != null && v != null) {
                  user.put(k, v);
                }
              });
    }
    String recorded = user.remove(MD5_METADATA);
    String md5 = hexMd5(blob.getMd5());
    OffsetDateTime updated = blob.getUpdateTimeOffsetDateTime();
    Instant lastModified = updated != null ? updated.toInstant() : null;
    if (lastModified == null && blob.getCreateTimeOffsetDateTime() != null) {
      lastModified = blob.getCreateTimeOffsetDateTime().toInstant();
    }
    return new ObjectInfo(
        key,
        blob.getSize() == null ? 0 : blob.getSize(),
        blob.getEtag(),
        lastModified,
        blob.getContentType(),
        user,
        md5 != null ? md5 : recorded,
        md5 != null, // GCS computes its MD5 itself; a composite object has only ferry's tag
        new ContentHeaders(
            blob.getContentEncoding(),
            blob.getContentDisposition(),
            blob.getCacheControl(),
            blob.getContentLanguage()));
  }

  /** Hex of GCS's base64 MD5, or null when it has none. */
  static String hexMd5(String base64) {
    if (base64 == null || base64.isEmpty()) {
      return null;
    }
    return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
  }

  /** GCS's base64 form of a hex MD5. */
  static String base64Md5(String hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }
}
