package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobItem;
import dev.ferry.activities.testing.AzuriteServer;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.TaggedS3Objects;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.MigrationProgress;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 13: tagged objects move from S3 (versitygw) to Azure Blob (Azurite, a profile with
 * {@code accessTier: cool}) with kill -9 of the worker in the middle, then are copied on to another
 * S3 (moto, {@code storageClass: STANDARD_IA}). Each store is read back with its own vendor's
 * client (never ferry's code): every object's bytes and tags, S3 object tags and Azure blob index
 * tags alike, no tags on the objects that had none, and each object's tier or class.
 */
@Order(13)
@ExtendWith(E2EExtension.class)
class TaggedObjectsE2E {
  static final DataSet DATA = new DataSet(240, 8 * 1024, List.of(12L << 20, 12L << 20), 20261207L);

  @Test
  void tagsSurviveAMoveWithAWorkerKilledAndACopyOnward(E2EEnvironment env) throws Exception {
    Path dir = Files.createDirectories(env.root().resolve("tags"));
    try (VersitygwServer vgw = new VersitygwServer();
        AzuriteServer azurite = new AzuriteServer();
        MotoServer moto = new MotoServer()) {
      vgw.start();
      azurite.start();
      moto.start();
      vgw.createBucket("tagged");
      azurite.createContainer("tagged");
      moto.createBucket("onward");
      MinioClient vgwClient = vgw.client();
      MinioClient motoClient = moto.client();
      Map<String, String> digests = new TreeMap<>();
      Map<String, Map<String, String>> tags = new TreeMap<>();
      int i = 0;
      for (DataSet.Spec spec : DATA.specs()) {
        byte[] bytes = spec.bytes();
        Map<String, String> t = i++ % 3 == 0 ? Map.of() : tagsOf(i);
        TaggedS3Objects.put(vgwClient, "tagged", spec.key(), bytes, t);
        digests.put(spec.key(), SeededObject.sha256(bytes));
        tags.put(spec.key(), t);
      }
      Map<String, String> secrets =
          Map.of(
              "FERRY_T_VGW_ACCESS", vgw.accessKey(),
              "FERRY_T_VGW_SECRET", vgw.secretKey(),
              "FERRY_T_MOTO_ACCESS", moto.accessKey(),
              "FERRY_T_MOTO_SECRET", moto.secretKey(),
              "FERRY_T_AZURE_KEY", AzuriteServer.KEY);
      Path config = config(env, dir, vgw, azurite, moto);
      WorkerProcess worker =
          WorkerProcess.start("tags-w", config, secrets, env.logs(), "--max-activities", "4");
      BlobContainerClient blobs = azurite.container("tagged");

      long started = System.nanoTime();
      Commands.run(
              FerryJar.command(
                  List.of(),
                  List.of(
                      "start",
                      "--mode",
                      "move",
                      "--concurrency",
                      "4",
                      "--from",
                      "vgw:tagged",
                      "--to",
                      "az:tagged",
                      "--id",
                      "tags-1-move",
                      "--config",
                      config.toString())),
              secrets,
              Duration.ofMinutes(2))
          .ok();
      Waits.until(
          "blobs to reach Azurite",
          Duration.ofMinutes(2),
          Duration.ofMillis(100),
          () -> blobs.listBlobs().stream().count() >= 60);
      worker.kill9();
      long atKill = blobs.listBlobs().stream().count();
      worker.restart();
      MigrationProgress moved =
          new Migration(env, "tags-1-move").awaitReport(Duration.ofMinutes(5)).progress();
      assertEquals(DATA.specs().size(), moved.objectsDeleted(), moved.toString());
      assertEquals(0, moved.objectsFailed(), moved.toString());
      assertEquals(List.of(), vgw.keys("tagged"), "versitygw after the move");
      Map<String, String> azureDigests = new TreeMap<>();
      for (BlobItem item : blobs.listBlobs()) {
        String key = item.getName();
        azureDigests.put(
            key, SeededObject.sha256(blobs.getBlobClient(key).downloadContent().toBytes()));
        assertEquals(tags.get(key), emptyForNull(blobs.getBlobClient(key).getTags()), key);
        assertEquals(
            AccessTier.COOL, blobs.getBlobClient(key).getProperties().getAccessTier(), key);
      }
      assertEquals(digests, azureDigests, "Azurite after the move");

      Commands.run(
              FerryJar.command(
                  List.of(),
                  List.of(
                      "run",
                      "--from",
                      "az:tagged",
                      "--to",
                      "moto:onward",
                      "--id",
                      "tags-2-copy",
                      "--config",
                      config.toString())),
              secrets,
              Duration.ofMinutes(5))
          .ok();
      Map<String, String> motoDigests = new TreeMap<>();
      for (String key : moto.keys("onward")) {
        motoDigests.put(key, SeededObject.sha256(TaggedS3Objects.read(motoClient, "onward", key)));
        assertEquals(tags.get(key), TaggedS3Objects.tags(motoClient, "onward", key), key);
      }
      assertEquals(digests, motoDigests, "moto after the copy");
      for (Result<Item> listed :
          motoClient.listObjects(
              ListObjectsArgs.builder().bucket("onward").recursive(true).build())) {
        assertEquals("STANDARD_IA", listed.get().storageClass(), listed.get().objectName());
      }
      worker.assertAlive();
      worker.close();
      long tagged = tags.values().stream().filter(t -> !t.isEmpty()).count();
      E2EReport.line(
          "scenario 13 (tags): %d objects (%d tagged), %d bytes, versitygw -> Azurite by a move"
              + " with the worker killed at %d blobs (pids %s), then Azurite -> moto; bytes,"
              + " tags and tiers read back by each store's own client, %.1f s",
          digests.size(),
          tagged,
          DATA.totalBytes(),
          atKill,
          worker.pids(),
          (System.nanoTime() - started) / 1e9);
    }
  }

  /** One to three tags in the characters S3 and Azure both allow. */
  private static Map<String, String> tagsOf(int i) {
    Map<String, String> t = new HashMap<>();
    t.put("n", Integer.toString(i));
    if (i % 2 == 0) {
      t.put("owner name", "ops + dev/" + i);
    }
    if (i % 5 == 0) {
      t.put("empty", "");
    }
    return t;
  }

  /** Azure's SDK reads an empty tag value back as null. */
  private static Map<String, String> emptyForNull(Map<String, String> tags) {
    Map<String, String> out = new HashMap<>();
    tags.forEach((k, v) -> out.put(k, v == null ? "" : v));
    return out;
  }

  private static Path config(
      E2EEnvironment env, Path dir, VersitygwServer vgw, AzuriteServer azurite, MotoServer moto)
      throws IOException {
    return E2EConfig.write(
        env,
        dir,
        "ferry-tags",
        E2EConfig.s3("vgw", vgw.endpoint(), "FERRY_T_VGW", ""),
        E2EConfig.s3("moto", moto.endpoint(), "FERRY_T_MOTO", ", storageClass: STANDARD_IA"),
        E2EConfig.azure("az", azurite, "FERRY_T_AZURE_KEY", ", accessTier: Cool"));
  }
}
