package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ObjectInfo;
import io.minio.HeadObjectResponse;
import io.minio.StatObjectResponse;
import java.util.Base64;
import java.util.HexFormat;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** What ferry reads of an object from the headers of an S3 reply. */
class ObjectRepliesTest {
  @Test
  void anObjectRcloneWroteInPartsKnowsItsMd5FromItsMetadata() {
    byte[] md5 = DigestingInputStream.newMd5().digest(new byte[] {1, 2, 3});
    Headers.Builder headers =
        new Headers.Builder()
            .add("ETag", "\"0123456789abcdef0123456789abcdef-3\"")
            .add("Content-Length", "15728640")
            .add("Last-Modified", "Wed, 25 Nov 2026 10:00:00 GMT")
            .add("x-amz-meta-origin", "unit");
    ObjectInfo plain = ObjectReplies.info("big", stat(headers.build()));
    assertNull(plain.checksum(), "a multipart ETag is no MD5, and nothing else tells");
    headers.add(
        "x-amz-meta-" + S3Backend.RCLONE_MD5_METADATA, Base64.getEncoder().encodeToString(md5));
    ObjectInfo fromRclone = ObjectReplies.info("big", stat(headers.build()));
    assertEquals(HexFormat.of().formatHex(md5), fromRclone.checksum());
    assertTrue(fromRclone.userMetadata().containsKey(S3Backend.RCLONE_MD5_METADATA));
    headers.set("x-amz-meta-" + S3Backend.RCLONE_MD5_METADATA, "not base64 of an MD5");
    assertNull(ObjectReplies.info("big", stat(headers.build())).checksum());
  }

  private static StatObjectResponse stat(Headers headers) {
    return new StatObjectResponse(
        new HeadObjectResponse(headers, "any-bucket", "us-east-1", "big"));
  }
}
