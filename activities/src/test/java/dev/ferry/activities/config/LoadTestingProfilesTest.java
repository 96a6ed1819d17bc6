package dev.ferry.activities.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.synthetic.DiscardBackend;
import dev.ferry.activities.storage.synthetic.SyntheticBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code synthetic} and {@code discard} profile types of ferry.yaml. */
class LoadTestingProfilesTest {
  @TempDir Path dir;

  /** The file as a worker reads it: every profile must be usable. */
  private FerryConfig load(String yaml) throws IOException {
    return FerryConfig.load(
            Files.writeString(dir.resolve("ferry.yaml"), yaml), Map.<String, String>of()::get)
        .requireUsable();
  }

  @Test
  void opensASyntheticSourceAndADiscardingSink() throws IOException {
    FerryConfig config =
        load(
            """
            backends:
              gen:  { type: synthetic, count: 1_000_000, size: 1KiB }
              sink: { type: discard }
            """);
    assertEquals("synthetic", config.profile("gen").type().name());
    try (ConfigBackendResolver resolver = new ConfigBackendResolver(config);
        StorageBackend gen = resolver.open("gen:");
        StorageBackend sink = resolver.open("sink:")) {
      SyntheticBackend synthetic = assertInstanceOf(SyntheticBackend.class, gen);
      assertEquals(1_000_000, synthetic.count());
      assertEquals(1024, synthetic.objectSize());
      assertInstanceOf(DiscardBackend.class, sink);
      assertThrows(PermanentStorageException.class, () -> resolver.open("gen:some/path"));
    }
  }

  @Test
  void aSyntheticSourceTakesAStoresPageSizeLatenciesAndKeyShape() throws IOException {
    FerryConfig config =
        load(
            """
            backends:
              slow: { type: synthetic, count: 3000, shape: nested, fanOut: 10, pageSize: 1000,
                      listLatency: 40ms, getLatency: 1s }
            """);
    try (ConfigBackendResolver resolver = new ConfigBackendResolver(config);
        StorageBackend slow = resolver.open("slow:")) {
      long started = System.nanoTime();
      var page = slow.list(null, null, 5_000);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(1_000, page.objects().size());
      assertEquals("d0/d0/obj-000000000", page.objects().get(0).key());
      assertTrue(millis >= 40, "a page took " + millis + " ms");
    }
  }

  @Test
  void refusesBadSyntheticSettings() {
    ConfigException latency =
        assertThrows(
            ConfigException.class,
            () -> load("backends: { gen: { type: synthetic, listLatency: soon } }"));
    assertTrue(latency.getMessage().contains("duration such as 50ms"), latency.getMessage());
    ConfigException shape =
        assertThrows(
            ConfigException.class,
            () -> load("backends: { gen: { type: synthetic, shape: round } }"));
    assertTrue(shape.getMessage().contains("flat"), shape.getMessage());
    ConfigException fanOut =
        assertThrows(
            ConfigException.class, () -> load("backends: { gen: { type: synthetic, fanOut: 1 } }"));
    assertTrue(fanOut.getMessage().contains("fanOut must be within"), fanOut.getMessage());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> load("backends: { gen: { type: synthetic, count: 5000000000 } }"));
    assertTrue(e.getMessage().contains("count must be within"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () -> load("backends: { gen: { type: synthetic, count: many } }"));
    assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class, () -> load("backends: { sink: { type: discard, root: /tmp } }"));
    assertTrue(e.getMessage().contains("root applies only"), e.getMessage());
  }
}
