package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.ContentHeaders;
import dev.ferry.activities.storage.ObjectInfo;
import io.minio.StatObjectResponse;
import io.minio.messages.Contents;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** What S3 replies (a listing's entries, a HEAD's or a GET's headers) say of an object. */
final class ObjectReplies {
  private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-f]{32}");

  private ObjectReplies() {}

  /** What a listing says of the object {@code key} (its full name less the prefix). */
  static ObjectInfo listed(String key, Contents item) {
    String etag = stripQuotes(item.etag());
    return new ObjectInfo(
        key,
        item.size(),
        etag,
        item.lastModified() == null ? null : item.lastModified().toInstant(),
        null,
        Map.of(),
        plainMd5(etag),
        plainMd5(etag) != null);
  }

  /** What a HEAD (or a GET's headers) says of {@code key}. */
  static ObjectInfo info(String key, StatObjectResponse r) {
    Map<String, String> meta = new HashMap<>();
    String md5 = null;
    for (String name : r.userMetadata().keySet()) {
      String lower = name.toLowerCase(Locale.ROOT);
      String value = r.userMetadata().getFirst(name);
      if (lower.equals(S3Backend.MD5_METADATA)) {
        md5 = value;
      } else {
        meta.put(lower, value);
      }
    }
    if (md5 == null) {
      md5 = hexOfBase64Md5(meta.get(S3Backend.RCLONE_MD5_METADATA));
    }
    String etag = stripQuotes(r.etag());
    // A single-part ETag is the server's own MD5 of the bytes; a tag is only what a writer said,
    // and stays beside new bytes when an application rewrites the object with its old metadata.
    String proven = encryptedEtag(r) ? null : plainMd5(etag);
    return new ObjectInfo(
        key,
        r.size(),
        etag,
        r.lastModified() == null ? null : r.lastModified().toInstant(),
        r.contentType(),
        meta,
        proven != null ? proven : md5,
        proven != null,
        ContentHeaders.of(name -> r.headers().get(name)));
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

  /** An ETag without its quotes. */
  static String stripQuotes(String etag) {
    if (etag == null) {
      return null;
    }
    String bare =
        etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2
            ? etag.substring(1, etag.length() - 1)
            : etag;
    return bare.isEmpty() ? null : bare; // S3Proxy's HEAD of a directory marker: no ETag
  }

  /** The ETag as a checksum when it is a plain MD5 (single-part upload), else null. */
  static String plainMd5(String etag) {
    return etag != null && PLAIN_MD5.matcher(etag).matches() ? etag : null;
  }
}
