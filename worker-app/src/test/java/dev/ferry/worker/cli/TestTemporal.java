package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.fs.FileSystemBackend;
import dev.ferry.activities.storage.synthetic.DiscardBackend;
import dev.ferry.activities.storage.synthetic.KeyShape;
import dev.ferry.activities.storage.synthetic.StoreBehaviour;
import dev.ferry.activities.storage.synthetic.SyntheticBackend;
import dev.ferry.worker.embedded.FerryHome;
import io.temporal.testing.TemporalDevServer;
import io.temporal.testing.TemporalDevServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

/** What tests of client commands against a real dev server and an in-process worker share. */
final class TestTemporal {
  private TestTemporal() {}

  /** A real dev server (the temporal binary on the PATH; the test is skipped without one). */
  static TemporalDevServer devServer() {
    Path cli = FerryHome.temporalCli();
    assumeTrue(cli != null, "no temporal binary on the PATH");
    try {
      return TemporalDevServer.start(
          TemporalDevServerOptions.newBuilder()
              .setExistingPath(cli.toString())
              .setDownloadEnabled(false)
              .setLogFile(Files.createTempFile("ferry-devserver", ".log").toString())
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code store}, whose reads throw an Error: nothing in the attempt catches it. */
  private static StorageBackend dying(StorageBackend store) {
    return (StorageBackend)
        Proxy.newProxyInstance(
            StorageBackend.class.getClassLoader(),
            new Class<?>[] {StorageBackend.class},
            (proxy, method, args) -> {
              if (method.getName().equals("open")) {
                throw new OutOfMemoryError("the test's attempt dies before its report line");
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** The dev server's port. */
  static int port(TemporalDevServer server) {
    String target = server.getTarget();
    return Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
  }

  /**
   * The test worker's stores: {@code synth:N} (N objects of 512 bytes), {@code failing:N} (every
   * object fails), {@code slow:N} (each object takes 200 ms to open), {@code dying:N} (a range
   * attempt dies at its first read, before it writes a report line, as a killed worker's does),
   * {@code void:} (keeps nothing) and absolute paths.
   */
  static BackendResolver resolver() {
    return location -> {
      if (location.startsWith("synth:")) {
        return SyntheticBackend.create(Long.parseLong(location.substring(6)), 512);
      }
      if (location.startsWith("failing:")) {
        long count = Long.parseLong(location.substring(8));
        return SyntheticBackend.create(
            count, 512, new StoreBehaviour(KeyShape.FLAT, 100, 0, 0, 0, 1));
      }
      if (location.startsWith("slow:")) {
        long count = Long.parseLong(location.substring(5));
        return SyntheticBackend.create(
            count, 512, new StoreBehaviour(KeyShape.FLAT, 100, 0, 0, 200, 0));
      }
      if (location.startsWith("dying:")) {
        return dying(SyntheticBackend.create(Long.parseLong(location.substring(6)), 512));
      }
      if (location.startsWith("void:")) {
        return DiscardBackend.create();
      }
      if (location.startsWith("/")) {
        return FileSystemBackend.create(Path.of(location));
      }
      throw new PermanentStorageException("unknown test location " + location);
    };
  }
}
