package dev.ferry.worker.e2e;

import dev.ferry.activities.testing.VersitygwServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real parts of one large-object crash case: a versitygw server for each S3 side (one server
 * per side, so no server-side copy can stand in for the upload), a {@link ByteCountingProxy} in
 * front of an S3 destination, local directories for filesystem sides, a {@code ferry.yaml} naming
 * them, and one {@code ferry worker} process. Closing it stops everything and deletes every byte it
 * stored (a 4 GiB case holds over 10 GiB on disk at its peak).
 */
final class LargeObjectRig implements AutoCloseable {
  /** The one object every case moves, under a prefix, as users keep them. */
  static final String KEY = "large/object.bin";

  /** A migration's side: a bucket on its own versitygw server, or a local directory. */
  enum Side {
    S3,
    FILESYSTEM
  }

  private static final String SOURCE_BUCKET = "large-src";
  private static final String DESTINATION_BUCKET = "large-dst";
  private static final String TEMP_PREFIX = ".ferry-tmp-";

  private final E2EEnvironment env;
  private final String name;
  private final Path dir;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private VersitygwServer sourceServer;
  private VersitygwServer destinationServer;
  private ByteCountingProxy proxy;
  private ObjectStore sourceStore;
  private ObjectStore destinationStore;
  private WorkerProcess worker;

  private LargeObjectRig(E2EEnvironment env, String name) {
    this.env = env;
    this.name = name;
    this.dir = env.root().resolve(name);
  }

  /**
   * Starts the servers of the S3 sides and a worker with at most two activities at once: with the
   * migration's one range, the large object is all that moves.
   */
  static LargeObjectRig start(E2EEnvironment env, String name, Side source, Side destination) {
    LargeObjectRig rig = new LargeObjectRig(env, name);
    try {
      rig.startSides(source, destination);
      rig.worker =
          rig.own(
              WorkerProcess.start(
                  name + "-w",
                  rig.writeConfig(),
                  rig.secrets(),
                  env.logs(),
                  "--max-activities",
                  "2"));
      return rig;
    } catch (RuntimeException e) {
      rig.close();
      throw e;
    }
  }

  private void startSides(Side source, Side destination) {
    createDirectories(dir);
    if (source == Side.S3) {
      sourceServer = own(new VersitygwServer());
      sourceServer.start();
      sourceServer.createBucket(SOURCE_BUCKET);
      sourceStore = store(sourceServer);
    } else {
      createDirectories(sourceDir().resolve(KEY).getParent());
    }
    if (destination == Side.S3) {
      destinationServer = own(new VersitygwServer());
      destinationServer.start();
      destinationServer.createBucket(DESTINATION_BUCKET);
      destinationStore = store(destinationServer);
      proxy = own(ByteCountingProxy.start(destinationServer.endpoint()));
    } else {
      createDirectories(destinationDir());
    }
  }

  WorkerProcess worker() {
    return worker;
  }

  /** {@code ferry cancel ID}; requires exit 0. */
  void cancel(String id) {
    Commands.run(
            FerryJar.command(List.of(), List.of("cancel", id, "--config", config().toString())),
            secrets(),
            Duration.ofMinutes(1))
        .ok();
  }

  /** Writes {@code object} as the source's {@link #KEY} (again: it replaces the old one). */
  String writeSource(SeededObject object) {
    if (sourceStore != null) {
      return object.writeTo(sourceStore, SOURCE_BUCKET, KEY);
    }
    return object.writeTo(sourceDir().resolve(KEY));
  }

  /**
   * {@code ferry start --concurrency 1 OPTIONS} from the source to the destination; requires exit 0
   * and the id on stdout.
   */
  Migration start(String id, String... options) {
    List<String> args = new ArrayList<>(List.of("start", "--from", from(), "--to", to()));
    args.addAll(List.of("--id", id, "--concurrency", "1", "--config", config().toString()));
    args.addAll(List.of(options));
    CommandResult result =
        Commands.run(FerryJar.command(List.of(), args), secrets(), Duration.ofMinutes(2)).ok();
    if (!result.stdout().strip().equals(id)) {
      throw new AssertionError("ferry start printed no id: " + result.describe());
    }
    return new Migration(env, id);
  }

  /**
   * How far the destination has come, measured outside ferry: for S3 the bytes sent to its server
   * through the proxy (every attempt's, aborted or not), for a filesystem the bytes of every file
   * under its directory (temporary files included).
   */
  long destinationProgress() {
    if (proxy != null) {
      return proxy.bytesToServer();
    }
    try (Stream<Path> files = Files.walk(destinationDir())) {
      return files.filter(Files::isRegularFile).mapToLong(LargeObjectRig::sizeOrZero).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0; // a temporary file renamed or deleted while walking: look again
    }
  }

  /** Whether {@link #KEY} is visible (complete) at the destination. */
  boolean objectAtDestination() {
    if (destinationStore != null) {
      return destinationStore.exists(DESTINATION_BUCKET, KEY);
    }
    return Files.isRegularFile(destinationDir().resolve(KEY));
  }

  /**
   * The SHA-256 of {@link #KEY} read back from the destination, with the MinIO client or a file.
   */
  String destinationSha256() {
    if (destinationStore != null) {
      return destinationStore.object(DESTINATION_BUCKET, KEY).sha256();
    }
    return SeededObject.sha256(destinationDir().resolve(KEY));
  }

  /**
   * What an interrupted write left at the destination: unfinished multipart uploads as the server's
   * ListMultipartUploads names them, or {@code .ferry-tmp-*} files under the directory.
   */
  List<String> leftovers() {
    if (destinationStore != null) {
      return destinationStore.unfinishedUploadIds(DESTINATION_BUCKET);
    }
    try (Stream<Path> files = Files.walk(destinationDir())) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
          .map(p -> destinationDir().relativize(p) + " (" + sizeOrZero(p) + " bytes)")
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        // Keep closing the rest; the JVM's shutdown hooks kill what will not stop.
      }
    }
    deleteTree(dir);
  }

  private String from() {
    return sourceStore != null ? "src:" + SOURCE_BUCKET : sourceDir().toString();
  }

  private String to() {
    return destinationStore != null ? "dst:" + DESTINATION_BUCKET : destinationDir().toString();
  }

  private Path sourceDir() {
    return dir.resolve("src");
  }

  private Path destinationDir() {
    return dir.resolve("dst");
  }

  private Path config() {
    return dir.resolve("ferry.yaml");
  }

  /** The destination profile's endpoint is the proxy's, so every uploaded byte passes it. */
  private Path writeConfig() {
    List<String> backends = new ArrayList<>();
    if (sourceServer != null) {
      backends.add(E2EConfig.s3("src", sourceServer.endpoint(), "FERRY_E2E_SRC", ""));
    }
    if (proxy != null) {
      backends.add(E2EConfig.s3("dst", proxy.endpoint(), "FERRY_E2E_DST", ""));
    }
    try {
      return E2EConfig.write(env, dir, "ferry-" + name, backends.toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment variables the config interpolates. */
  private Map<String, String> secrets() {
    VersitygwServer src = sourceServer != null ? sourceServer : destinationServer;
    VersitygwServer dst = destinationServer != null ? destinationServer : sourceServer;
    return Map.of(
        "FERRY_E2E_SRC_ACCESS", src.accessKey(),
        "FERRY_E2E_SRC_SECRET", src.secretKey(),
        "FERRY_E2E_DST_ACCESS", dst.accessKey(),
        "FERRY_E2E_DST_SECRET", dst.secretKey());
  }

  private <T extends AutoCloseable> T own(T closeable) {
    owned.add(closeable);
    return closeable;
  }

  private static ObjectStore store(VersitygwServer server) {
    return new ObjectStore(server.endpoint(), server.accessKey(), server.secretKey());
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void createDirectories(Path path) {
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Test data under target/; the next run's environment starts from an empty directory.
    }
  }
}
