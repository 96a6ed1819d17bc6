package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.azure.AzureType;
import dev.ferry.activities.storage.gcs.GcsType;
import dev.ferry.activities.testing.AzuriteServer;
import dev.ferry.activities.testing.FakeGcsServer;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.TaggedS3Objects;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.ObjectFailure;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Azure profile's {@code accessTier} and a GCS profile's {@code storageClass} are the tier or
 * class of every blob ferry writes there, one request or many, as each store itself reports it; an
 * archived Azure source blob fails alone, saying how to read it.
 */
@Timeout(180)
class BlobTiersMigrationTest {
  @RegisterExtension static final AzuriteServer AZURITE = new AzuriteServer();
  @RegisterExtension static final FakeGcsServer GCS = new FakeGcsServer();
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final byte[] SMALL = bytes(2000);
  private static final byte[] LARGE = bytes((3 << 20) + 11); // four blocks or chunks of 1 MiB

  private final MigrationTestEnv env = new MigrationTestEnv();

  @AfterEach
  void tearDown() {
    env.close();
  }

  /** {@code s3:BUCKET} on moto holding a blob of one request and one of several. */
  private String s3Source() throws Exception {
    String bucket = "src-" + RUNS.incrementAndGet();
    MOTO.createBucket(bucket);
    TaggedS3Objects.put(MOTO.client(), bucket, "small", SMALL, Map.of());
    TaggedS3Objects.put(MOTO.client(), bucket, "large", LARGE, Map.of());
    env.s3("s3:" + bucket, MOTO, bucket, "", Map.of());
    return "s3:" + bucket;
  }

  @Test
  void blobsTakeTheAccountsTierFromOnePutBlobOrABlockList() throws Exception {
    String source = s3Source();
    String cool = azureLocation("cool");
    String plain = azureLocation(null);
    env.start();

    assertEquals(2, run(source, "az:" + cool).objectsCopied());
    assertEquals(2, run(source, "az:" + plain).objectsCopied());

    assertEquals(Map.of("large", "Cool", "small", "Cool"), tiers(cool));
    assertEquals(Map.of("large", "Hot", "small", "Hot"), tiers(plain));
    assertArrayEquals(LARGE, container(cool).getBlobClient("large").downloadContent().toBytes());
    assertEquals(2, run(source, "az:" + cool).objectsSkipped());
  }

  /**
   * Archived blobs cannot be read, but their verify reads only their properties: it passes; and a
   * rerun skips what is there and copies what changed.
   */
  @Test
  void blobsWrittenIntoTheArchiveTierAreVerified() throws Exception {
    String source = s3Source();
    String archive = azureLocation("archive");
    env.start();

    assertEquals(2, run(source, "az:" + archive).objectsCopied());

    assertEquals(Map.of("large", "Archive", "small", "Archive"), tiers(archive));

    // A rerun cannot read archived blobs: each is compared by the Content-MD5 ferry set.
    assertEquals(2, run(source, "az:" + archive).objectsSkipped());
    byte[] changed = LARGE.clone();
    changed[7] ^= 1;
    TaggedS3Objects.put(
        MOTO.client(), source.substring("s3:".length()), "large", changed, Map.of());
    MigrationProgress again = run(source, "az:" + archive);
    assertEquals(1, again.objectsCopied(), again.toString());
    assertEquals(1, again.objectsSkipped(), again.toString());
  }

  @Test
  void anArchivedSourceBlobFailsAloneSayingToRehydrateIt() throws Exception {
    String source = azureLocation(null);
    container(source)
        .getBlobClient("cold")
        .uploadWithResponse(
            new BlobParallelUploadOptions(BinaryData.fromBytes(SMALL)).setTier(AccessTier.ARCHIVE),
            null,
            null);
    container(source).getBlobClient("warm").upload(BinaryData.fromBytes(SMALL));
    String bucket = "dst-" + RUNS.incrementAndGet();
    MOTO.createBucket(bucket);
    env.s3("s3:" + bucket, MOTO, bucket, "", Map.of());
    env.start();

    ObjectFailure failure =
        env.runWithOneFailure(
            "tiers-" + RUNS.incrementAndGet(),
            MigrationRequest.of("az:" + source, "s3:" + bucket),
            1);
    assertEquals("cold", failure.key());
    assertEquals(1, failure.attempts(), "an archived blob is not asked again and again");
    assertTrue(
        failure.message().contains("BlobArchived")
            && failure
                .message()
                .endsWith(
                    "the blob is in the Archive tier; rehydrate it (set its tier to Hot or Cool),"
                        + " then copy it again"),
        failure.message());
  }

  @Test
  void gcsObjectsTakeTheProfilesStorageClassFromOneRequestOrChunks() throws Exception {
    String source = s3Source();
    String nearline = gcsLocation("nearline");
    String plain = gcsLocation(null);
    env.start();

    assertEquals(2, run(source, "gcs:" + nearline).objectsCopied());
    assertEquals(2, run(source, "gcs:" + plain).objectsCopied());

    assertEquals(Map.of("large", "NEARLINE", "small", "NEARLINE"), gcsClasses(nearline));
    assertEquals(Map.of("large", "STANDARD", "small", "STANDARD"), gcsClasses(plain));
  }

  private MigrationProgress run(String from, String to) {
    return env.runCleanly("tiers-" + RUNS.incrementAndGet(), MigrationRequest.of(from, to));
  }

  /**
   * A new container as {@code az:CONTAINER}, 1 MiB blocks, of {@code tier} (null: none set), in
   * lower case as a configuration file's choices come.
   */
  private String azureLocation(String tier) {
    String container = "tier-" + RUNS.incrementAndGet();
    AZURITE.createContainer(container);
    Map<String, Object> values = new HashMap<>();
    values.put("account", AzuriteServer.ACCOUNT);
    values.put("key", AzuriteServer.KEY);
    values.put("endpoint", AZURITE.endpoint());
    values.put("blockSize", 1L << 20);
    if (tier != null) {
      values.put("accessTier", tier);
    }
    BackendProfile profile = BackendProfile.of("az", AzureType.TYPE, values);
    env.backend(
        "az:" + container,
        AzureType.TYPE.connect(profile).open(container, "", "azure az:" + container));
    return container;
  }

  /** A new bucket as {@code gcs:BUCKET}, 1 MiB chunks, of {@code storageClass} (null: none). */
  private String gcsLocation(String storageClass) {
    String bucket = "class-" + RUNS.incrementAndGet();
    GCS.createBucket(bucket);
    Map<String, Object> values = new HashMap<>();
    values.put("endpoint", GCS.endpoint());
    values.put("chunkSize", 1L << 20);
    if (storageClass != null) {
      values.put("storageClass", storageClass);
    }
    BackendProfile profile = BackendProfile.of("g", GcsType.TYPE, values);
    env.backend("gcs:" + bucket, GcsType.TYPE.connect(profile).open(bucket, "", "gcs g:" + bucket));
    return bucket;
  }

  /** Each blob's tier as the SDK reads its properties. */
  private static Map<String, String> tiers(String container) {
    Map<String, String> tiers = new TreeMap<>();
    container(container)
        .listBlobs()
        .forEach(
            b ->
                tiers.put(
                    b.getName(),
                    container(container)
                        .getBlobClient(b.getName())
                        .getProperties()
                        .getAccessTier()
                        .toString()));
    return tiers;
  }

  /** Each object's class as the JSON API's object resource says. */
  private static Map<String, String> gcsClasses(String bucket) throws Exception {
    Map<String, String> classes = new TreeMap<>();
    HttpClient http = HttpClient.newHttpClient();
    for (String name : List.of("small", "large")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          GCS.endpoint()
                              + "/storage/v1/b/"
                              + bucket
                              + "/o/"
                              + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      classes.put(name, new ObjectMapper().readTree(r.body()).path("storageClass").asText());
    }
    return classes;
  }

  private static BlobContainerClient container(String name) {
    return AZURITE.container(name);
  }

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }
}
