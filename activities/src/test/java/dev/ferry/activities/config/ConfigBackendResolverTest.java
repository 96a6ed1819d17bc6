package dev.ferry.activities.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.ProfileMissingException;
import dev.ferry.activities.storage.ServerSideCopy;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.fs.FileType;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ConfigBackendResolverTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir Path dir;

  private FerryConfig config() {
    return new FerryConfig(
        null,
        Map.of(
            "src", S3.profile("src"),
            "dst", S3.profile("dst"),
            "archive", FileType.profile("archive", dir.resolve("archive"))));
  }

  @Test
  void opensEveryKindOfLocation() {
    S3.createBucket("resolver");
    try (ConfigBackendResolver resolver = new ConfigBackendResolver(config())) {
      StorageBackend s3 = resolver.open("src:resolver/in/2024");
      assertInstanceOf(S3Backend.class, s3);
      assertEquals("in/2024/", ((S3Backend) s3).prefix());
      assertEquals("s3 src:resolver/in/2024", s3.describe());
      s3.put("a.txt", new ByteArrayInputStream(new byte[] {1}), 1, ObjectMetadata.EMPTY);
      assertTrue(resolver.open("src:resolver").stat("in/2024/a.txt").isPresent());
      assertTrue(((ServerSideCopy) resolver.open("dst:resolver/x")).canCopyFrom(s3));

      StorageBackend file = resolver.open("archive:/x/y");
      assertEquals(dir.resolve("archive/x/y"), ((FileSystemBackend) file).root());
      StorageBackend local = resolver.open(dir.resolve("plain").toString());
      assertEquals(dir.resolve("plain"), ((FileSystemBackend) local).root());
    }
  }

  @Test
  void badLocationsFailWithOneLine() {
    try (ConfigBackendResolver resolver = new ConfigBackendResolver(config())) {
      // A profile the client had but this worker lacks: another worker may have it (retried).
      ProfileMissingException unknown =
          assertThrows(ProfileMissingException.class, () -> resolver.open("nope:bucket"));
      assertTrue(unknown.getMessage().contains("unknown profile 'nope'"), unknown.getMessage());
      assertTrue(unknown.getMessage().startsWith("worker "), unknown.getMessage());
      assertTrue(
          unknown
              .getMessage()
              .endsWith(
                  "every worker on the task queue needs the profiles its" + " migrations name"),
          unknown.getMessage());
      assertTrue(
          unknown.getMessage().contains("archive, dst, src")
              || unknown.getMessage().contains("src"),
          unknown.getMessage());
      PermanentStorageException escape =
          assertThrows(PermanentStorageException.class, () -> resolver.open("archive:../../etc"));
      assertTrue(escape.getMessage().contains("leaves the root"), escape.getMessage());
      PermanentStorageException noBucket =
          assertThrows(PermanentStorageException.class, () -> resolver.open("src:"));
      assertTrue(noBucket.getMessage().contains("names no bucket"), noBucket.getMessage());
      PermanentStorageException badBucket =
          assertThrows(PermanentStorageException.class, () -> resolver.open("src:t1/in"));
      assertTrue(
          badBucket.getMessage().contains("bucket name 't1' is not valid"), badBucket.getMessage());
      for (String message :
          new String[] {
            unknown.getMessage(), escape.getMessage(), noBucket.getMessage(), badBucket.getMessage()
          }) {
        assertFalse(message.contains("\n"));
        assertFalse(message.contains(S3.secretKey()));
      }
    }
  }

  @Test
  void checkValidatesWithoutOpening() {
    ConfigBackendResolver resolver = new ConfigBackendResolver(config());
    assertEquals("src", resolver.check("src:bkt/p").profile());
    assertTrue(resolver.check("./rel").path().startsWith("/"));
    assertThrows(ConfigException.class, () -> resolver.check("zzz:b"));
    assertFalse(Files.exists(dir.resolve("archive")));
  }
}
