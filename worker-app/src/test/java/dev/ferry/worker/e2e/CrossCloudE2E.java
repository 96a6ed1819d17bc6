package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.ferry.activities.testing.AzuriteServer;
import dev.ferry.activities.testing.FakeGcsServer;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 8: files cross three clouds and come back, each step a MOVE on real emulator processes:
 * filesystem -> S3 (versitygw) -> Azure Blob (Azurite) -> GCS (fake-gcs-server) -> filesystem, with
 * kill -9 of the worker in the middle of the Azure step. After every step each side is read back
 * with its own vendor's client (never ferry's code): the destination holds every object
 * byte-for-byte, the source nothing.
 */
@Order(8)
@ExtendWith(E2EExtension.class)
class CrossCloudE2E {
  static final DataSet DATA = new DataSet(300, 16 * 1024, List.of(20L << 20), 20261203L);

  @Test
  void filesCrossThreeCloudsByMovesAndComeBackWhole(E2EEnvironment env) throws Exception {
    Path dir = env.root().resolve("cross");
    Path in = Files.createDirectories(dir.resolve("in"));
    Path out = dir.resolve("out");
    Map<String, String> expected = new TreeMap<>();
    for (DataSet.Spec spec : DATA.specs()) {
      byte[] bytes = spec.bytes();
      Path file = in.resolve(spec.key());
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      expected.put(spec.key(), SeededObject.sha256(bytes));
    }
    try (VersitygwServer vgw = new VersitygwServer();
        AzuriteServer azurite = new AzuriteServer();
        FakeGcsServer gcs = new FakeGcsServer()) {
      vgw.start();
      azurite.start();
      gcs.start();
      vgw.createBucket("chain");
      azurite.createContainer("chain");
      gcs.createBucket("chain");
      Map<String, String> secrets =
          Map.of(
              "FERRY_X_VGW_ACCESS", vgw.accessKey(),
              "FERRY_X_VGW_SECRET", vgw.secretKey(),
              "FERRY_X_AZURE_KEY", AzuriteServer.KEY);
      Path config = config(env, dir, vgw, azurite, gcs);
      WorkerProcess worker =
          WorkerProcess.start("cross-w", config, secrets, env.logs(), "--max-activities", "4");
      ObjectStore s3 = new ObjectStore(vgw.endpoint(), vgw.accessKey(), vgw.secretKey());
      BlobContainerClient blobs =
          new BlobServiceClientBuilder()
              .endpoint(azurite.endpoint())
              .credential(new StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY))
              .buildClient()
              .getBlobContainerClient("chain");
      Storage google =
          StorageOptions.newBuilder()
              .setHost(gcs.endpoint())
              .setProjectId("test")
              .setCredentials(NoCredentials.getInstance())
              .build()
              .getService();

      long started = System.nanoTime();
      move(env, config, secrets, "cross-1-fs-vgw", in.toString(), "vgw:chain");
      assertEquals(Map.of(), files(in), "files left after the move to versitygw");
      assertEquals(expected, digests(s3.read("chain")), "versitygw after step 1");

      Migration m = start(env, config, secrets, "cross-2-vgw-azure", "vgw:chain", "az:chain");
      Waits.until(
          "objects to reach Azurite",
          Duration.ofMinutes(2),
          Duration.ofMillis(100),
          () -> blobs.listBlobs().stream().count() >= 100);
      worker.kill9();
      long atKill = blobs.listBlobs().stream().count();
      worker.restart();
      assertMoved(m.awaitReport(Duration.ofMinutes(5)));
      assertEquals(List.of(), s3.keys("chain"), "versitygw after step 2");
      assertEquals(expected, azure(blobs), "Azurite after step 2");

      move(env, config, secrets, "cross-3-azure-gcs", "az:chain", "gcs:chain");
      assertEquals(Map.of(), azure(blobs), "Azurite after step 3");
      assertEquals(expected, google(google), "fake-gcs-server after step 3");

      move(env, config, secrets, "cross-4-gcs-fs", "gcs:chain", out.toString());
      assertEquals(Map.of(), google(google), "fake-gcs-server after step 4");
      assertEquals(expected, files(out), "files back after step 4");
      worker.assertAlive();
      worker.close();
      E2EReport.line(
          "scenario 8 (cross-cloud): %d objects, %d bytes, filesystem -> versitygw -> Azurite ->"
              + " fake-gcs-server -> filesystem, all moves, worker killed with %d of %d blobs at"
              + " Azurite (pids %s), every side read back by its own client, %.1f s",
          expected.size(),
          DATA.totalBytes(),
          atKill,
          expected.size(),
          worker.pids(),
          (System.nanoTime() - started) / 1e9);
    }
  }

  private static Path config(
      E2EEnvironment env, Path dir, VersitygwServer vgw, AzuriteServer azurite, FakeGcsServer gcs)
      throws IOException {
    return E2EConfig.write(
        env,
        dir,
        "ferry-cross",
        E2EConfig.s3("vgw", vgw.endpoint(), "FERRY_X_VGW", ""),
        E2EConfig.azure("az", azurite, "FERRY_X_AZURE_KEY", ""),
        "  gcs: { type: gcs, endpoint: " + gcs.endpoint() + " }");
  }

  /** {@code ferry run --mode move}, which must end with exit 0. */
  private static void move(
      E2EEnvironment env,
      Path config,
      Map<String, String> secrets,
      String id,
      String from,
      String to) {
    List<String> args =
        List.of(
            "run",
            "--mode",
            "move",
            "--from",
            from,
            "--to",
            to,
            "--id",
            id,
            "--config",
            config.toString());
    Commands.run(FerryJar.command(List.of(), args), secrets, Duration.ofMinutes(5)).ok();
    assertMoved(new Migration(env, id).awaitReport(Duration.ofMinutes(1)));
  }

  private static Migration start(
      E2EEnvironment env,
      Path config,
      Map<String, String> secrets,
      String id,
      String from,
      String to) {
    List<String> args =
        List.of(
            "start",
            "--mode",
            "move",
            "--concurrency",
            "4",
            "--from",
            from,
            "--to",
            to,
            "--id",
            id,
            "--config",
            config.toString());
    Commands.run(FerryJar.command(List.of(), args), secrets, Duration.ofMinutes(2)).ok();
    return new Migration(env, id);
  }

  private static void assertMoved(MigrationReport report) {
    MigrationProgress p = report.progress();
    int total = DATA.specs().size();
    assertEquals(total, p.objectsTotal(), p.toString());
    assertEquals(total, p.objectsCopied() + p.objectsSkipped(), p.toString());
    assertEquals(0, p.objectsFailed(), p.toString());
    assertEquals(total, p.objectsDeleted(), p.toString());
    assertTrue(p.percent() >= 100.0, p.toString());
  }

  private static Map<String, String> digests(Manifest manifest) {
    Map<String, String> out = new TreeMap<>();
    manifest.entries().forEach((key, entry) -> out.put(key, entry.sha256()));
    return out;
  }

  private static Map<String, String> azure(BlobContainerClient blobs) {
    Map<String, String> out = new TreeMap<>();
    for (BlobItem item : blobs.listBlobs()) {
      out.put(
          item.getName(),
          SeededObject.sha256(blobs.getBlobClient(item.getName()).downloadContent().toBytes()));
    }
    return out;
  }

  private static Map<String, String> google(Storage storage) {
    Map<String, String> out = new TreeMap<>();
    for (Blob blob : storage.list("chain").iterateAll()) {
      out.put(blob.getName(), SeededObject.sha256(blob.getContent()));
    }
    return out;
  }

  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), SeededObject.sha256(readAll(p)));
      }
    }
    return out;
  }

  private static byte[] readAll(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
