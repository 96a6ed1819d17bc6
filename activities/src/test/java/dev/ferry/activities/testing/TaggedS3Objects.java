package dev.ferry.activities.testing;

import io.minio.GetObjectArgs;
import io.minio.GetObjectTagsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;

/**
 * Objects and their tags on a real S3 server, written and read with the MinIO client, not ferry.
 */
public final class TaggedS3Objects {
  private TaggedS3Objects() {}

  /** Writes {@code data} as {@code key} with {@code tags} (none when empty). */
  public static void put(
      MinioClient client, String bucket, String key, byte[] data, Map<String, String> tags)
      throws Exception {
    PutObjectArgs.Builder put =
        PutObjectArgs.builder().bucket(bucket).object(key).stream(
            new ByteArrayInputStream(data), (long) data.length, null);
    if (!tags.isEmpty()) {
      put.tags(tags);
    }
    client.putObject(put.build());
  }

  /** The tags of {@code key}, as the server gives them. */
  public static Map<String, String> tags(MinioClient client, String bucket, String key)
      throws Exception {
    return Map.copyOf(
        client.getObjectTags(GetObjectTagsArgs.builder().bucket(bucket).object(key).build()).get());
  }

  /** The bytes of {@code key}. */
  public static byte[] read(MinioClient client, String bucket, String key) throws Exception {
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return in.readAllBytes();
    }
  }
}
