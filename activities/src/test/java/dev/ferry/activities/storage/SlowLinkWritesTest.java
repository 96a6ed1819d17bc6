package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.azure.AzureType;
import dev.ferry.activities.storage.gcs.GcsType;
import dev.ferry.activities.testing.AzuriteServer;
import dev.ferry.activities.testing.FakeGcsServer;
import dev.ferry.activities.testing.SlowLink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes that read a block or chunk whole and then send it tell their caller while a slow link
 * takes it, so that the range's heartbeat goes on: an audit slowed a link to 150 KB/s, where an 8
 * MiB S3 part took 55 s and the 20 s heartbeat timeout retried the object again and again. Azure's
 * blobs and blocks and GCS's single requests and chunks, through a link of 100 KB/s to the
 * emulators: each wait of more than {@link SlowSends#TELL_EVERY_SECONDS} s is told.
 */
class SlowLinkWritesTest {
  @RegisterExtension static final AzuriteServer AZURITE = new AzuriteServer();
  @RegisterExtension static final FakeGcsServer GCS = new FakeGcsServer();

  private static final int RATE = 100 * 1024;
  private static final int MIB = 1 << 20;

  @Test
  void azureBlobsAndBlocksTellWhileTheySend() throws IOException {
    AZURITE.createContainer("slow");
    try (SlowLink link = new SlowLink(URI.create(AZURITE.endpoint()).getPort(), RATE);
        BackendType.Connected azure =
            AzureType.TYPE.connect(
                AzureType.profile(
                    "slow",
                    AzuriteServer.ACCOUNT,
                    AzuriteServer.KEY,
                    "http://127.0.0.1:" + link.port() + "/" + AzuriteServer.ACCOUNT,
                    MIB))) {
      StorageBackend backend = azure.open("slow", "", "azure slow:slow");
      writesTellWhileTheySend(backend, "single", 600 * 1024); // one Put Blob
      writesTellWhileTheySend(backend, "blocks", MIB + 600 * 1024); // two blocks side by side
    }
  }

  @Test
  void gcsRequestsAndChunksTellWhileTheySend() throws IOException {
    GCS.createBucket("slow");
    try (SlowLink link = new SlowLink(URI.create(GCS.endpoint()).getPort(), RATE);
        BackendType.Connected gcs =
            GcsType.TYPE.connect(
                GcsType.emulatorProfile("slow", "http://127.0.0.1:" + link.port(), MIB))) {
      StorageBackend backend = gcs.open("slow", "", "gcs slow:slow");
      writesTellWhileTheySend(backend, "single", 600 * 1024); // one request
      writesTellWhileTheySend(backend, "chunks", MIB + 200 * 1024); // a resumable upload
    }
  }

  /** Puts {@code size} bytes without an expected MD5; they are told and stored exactly. */
  private static void writesTellWhileTheySend(StorageBackend backend, String key, int size)
      throws IOException {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    AtomicInteger told = new AtomicInteger();
    backend.put(
        key, new ByteArrayInputStream(bytes), -1, ObjectMetadata.EMPTY, told::incrementAndGet);
    assertTrue(told.get() >= 1, key + ": told " + told.get() + " times");
    try (InputStream in = backend.open(key)) {
      assertArrayEquals(bytes, in.readAllBytes(), key);
    }
    assertEquals(size, backend.stat(key).orElseThrow().size());
  }
}
