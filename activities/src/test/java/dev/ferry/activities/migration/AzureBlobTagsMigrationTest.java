package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import dev.ferry.activities.config.ConfigBackendResolver;
import dev.ferry.activities.config.FerryConfig;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.TagsOption;
import dev.ferry.activities.storage.azure.AzureType;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.testing.AzuriteServer;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.TaggedS3Objects;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.ObjectFailure;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * S3 object tags and Azure blob index tags are one thing to a migration: tags travel S3 -> Azure
 * (one Put Blob, and a block list) and Azure -> S3, as each store reads them back itself; a profile
 * with {@code tags: ignore} neither reads nor writes them.
 */
@Timeout(180)
class AzureBlobTagsMigrationTest {
  @RegisterExtension static final AzuriteServer AZURITE = new AzuriteServer();
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final AtomicInteger RUNS = new AtomicInteger();

  /** Characters both stores allow in tags: letters, digits, space and {@code +-./:=_}. */
  private static final Map<String, String> TAGS =
      Map.of("project", "ferry", "owner name", "ops + dev", "a=b", "x/y:z_1.2-3", "empty", "");

  private final MigrationTestEnv env = new MigrationTestEnv();
  private S3Connection s3;

  @AfterEach
  void tearDown() {
    env.close();
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void tagsTravelFromS3ToBlobsAndBack() throws Exception {
    String bucket = "tags-" + RUNS.incrementAndGet();
    String back = "back-" + RUNS.incrementAndGet();
    String container = "tags-" + RUNS.incrementAndGet();
    MOTO.createBucket(bucket);
    MOTO.createBucket(back);
    AZURITE.createContainer(container);
    byte[] small = bytes(2000);
    byte[] large = bytes((3 << 20) + 11); // four blocks of 1 MiB
    putS3(bucket, "small", small, TAGS);
    putS3(bucket, "large", large, Map.of("tier", "cold"));
    putS3(bucket, "plain", small, Map.of());
    s3 = S3Connection.create(MOTO.profile("moto"));
    env.backend("s3:" + bucket, S3Backend.create(s3, bucket, "", "s3 " + bucket));
    env.backend("s3:" + back, S3Backend.create(s3, back, "", "s3 " + back));
    ConfigBackendResolver azure = azure(TagsOption.COPY);
    env.backend("az:" + container, azure.open("az:" + container));
    env.start();

    assertEquals(3, run("s3:" + bucket, "az:" + container).objectsCopied());
    BlobContainerClient blobs = container(container);
    assertEquals(TAGS, tags(blobs, "small"));
    assertEquals(Map.of("tier", "cold"), tags(blobs, "large"));
    assertEquals(Map.of(), tags(blobs, "plain"));
    assertArrayEquals(large, blobs.getBlobClient("large").downloadContent().toBytes());

    assertEquals(3, run("az:" + container, "s3:" + back).objectsCopied());
    assertEquals(TAGS, tagsS3(back, "small"));
    assertEquals(Map.of("tier", "cold"), tagsS3(back, "large"));
    assertEquals(Map.of(), tagsS3(back, "plain"));
    assertArrayEquals(large, readS3(back, "large"));
  }

  @Test
  void anAccountThatIgnoresTagsNeitherReadsNorWritesThem() throws Exception {
    String tagged = "tagged-" + RUNS.incrementAndGet();
    String ignored = "ignored-" + RUNS.incrementAndGet();
    String bucket = "out-" + RUNS.incrementAndGet();
    AZURITE.createContainer(tagged);
    AZURITE.createContainer(ignored);
    MOTO.createBucket(bucket);
    container(tagged)
        .getBlobClient("k")
        .uploadWithResponse(
            new BlobParallelUploadOptions(BinaryData.fromBytes(bytes(10))).setTags(TAGS),
            null,
            null);
    env.backend("az:" + tagged, azure(TagsOption.COPY).open("az:" + tagged));
    env.backend("azi:" + tagged, azure(TagsOption.IGNORE).open("az:" + tagged));
    env.backend("azi:" + ignored, azure(TagsOption.IGNORE).open("az:" + ignored));
    s3 = S3Connection.create(MOTO.profile("moto"));
    env.backend("s3:" + bucket, S3Backend.create(s3, bucket, "", "s3 " + bucket));
    env.start();

    assertEquals(1, run("az:" + tagged, "azi:" + ignored).objectsCopied());
    assertEquals(Map.of(), tags(container(ignored), "k"));
    assertEquals(1, run("azi:" + tagged, "s3:" + bucket).objectsCopied());
    assertEquals(Map.of(), tagsS3(bucket, "k"));
  }

  /** Azure allows fewer characters in tags than S3: such a blob fails alone, saying why. */
  @Test
  void aTagAzureCannotHoldFailsItsObjectAloneSayingWhy() throws Exception {
    String bucket = "accents-" + RUNS.incrementAndGet();
    String container = "accents-" + RUNS.incrementAndGet();
    MOTO.createBucket(bucket);
    AZURITE.createContainer(container);
    putS3(bucket, "accented", bytes(10), Map.of("owner", "Zoë"));
    putS3(bucket, "plain", bytes(10), Map.of("owner", "Zoe"));
    s3 = S3Connection.create(MOTO.profile("moto"));
    env.backend("s3:" + bucket, S3Backend.create(s3, bucket, "", "s3 " + bucket));
    env.backend("az:" + container, azure(TagsOption.COPY).open("az:" + container));
    env.start();

    ObjectFailure failure =
        env.runWithOneFailure(
            "azure-tags-" + RUNS.incrementAndGet(),
            MigrationRequest.of("s3:" + bucket, "az:" + container),
            1);
    assertEquals("accented", failure.key());
    assertEquals(1, failure.attempts());
    assertTrue(
        failure
            .message()
            .endsWith(
                "put accented: tag 'owner' = 'Zoë': Azure allows only a-z A-Z 0-9, space and"
                    + " + - . / : = _ in tags; change it at the source, or set 'tags: ignore'"
                    + " in the destination's profile"),
        failure.message());
    assertEquals(Map.of("owner", "Zoe"), tags(container(container), "plain"));
  }

  private MigrationProgress run(String from, String to) {
    return env.runCleanly("azure-tags-" + RUNS.incrementAndGet(), MigrationRequest.of(from, to));
  }

  /** Locations {@code az:CONTAINER} on Azurite, with 1 MiB blocks and {@code tags}. */
  private static ConfigBackendResolver azure(String tags) {
    Map<String, Object> values = new HashMap<>();
    values.put("account", AzuriteServer.ACCOUNT);
    values.put("key", AzuriteServer.KEY);
    values.put("endpoint", AZURITE.endpoint());
    values.put("blockSize", 1L << 20);
    values.put("tags", tags);
    BackendProfile profile = BackendProfile.of("az", AzureType.TYPE, values);
    return new ConfigBackendResolver(new FerryConfig(null, Map.of("az", profile)));
  }

  /** A blob's tags as the SDK reads them, an empty value (which it gives as null) as empty. */
  private static Map<String, String> tags(BlobContainerClient container, String blob) {
    Map<String, String> tags = new HashMap<>();
    container.getBlobClient(blob).getTags().forEach((k, v) -> tags.put(k, v == null ? "" : v));
    return tags;
  }

  private static BlobContainerClient container(String name) {
    return AZURITE.container(name);
  }

  private static void putS3(String bucket, String key, byte[] data, Map<String, String> tags)
      throws Exception {
    TaggedS3Objects.put(MOTO.client(), bucket, key, data, tags);
  }

  private static Map<String, String> tagsS3(String bucket, String key) throws Exception {
    return TaggedS3Objects.tags(MOTO.client(), bucket, key);
  }

  private static byte[] readS3(String bucket, String key) throws Exception {
    return TaggedS3Objects.read(MOTO.client(), bucket, key);
  }

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }
}
