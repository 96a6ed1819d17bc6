package dev.ferry.worker.e2e;

import dev.ferry.activities.testing.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scenario's corner of the environment: a source and a destination bucket, a task queue of its
 * own (so workers of different scenarios never take each other's work), a {@code ferry.yaml} that
 * names both servers as profiles {@code src} and {@code dst}, and the workers it started.
 */
final class Scenario implements AutoCloseable {
  private final E2EEnvironment env;
  private final String name;
  private final Path dir;
  private final Path config;
  private final S3TestServer sourceServer;
  private final S3TestServer destinationServer;
  private final ObjectStore source;
  private final ObjectStore destination;
  private final List<WorkerProcess> workers = new ArrayList<>();

  private Scenario(
      E2EEnvironment env,
      String name,
      Path dir,
      Path config,
      S3TestServer sourceServer,
      S3TestServer destinationServer) {
    this.env = env;
    this.name = name;
    this.dir = dir;
    this.config = config;
    this.sourceServer = sourceServer;
    this.destinationServer = destinationServer;
    this.source =
        new ObjectStore(
            sourceServer.endpoint(), sourceServer.accessKey(), sourceServer.secretKey());
    this.destination =
        new ObjectStore(
            destinationServer.endpoint(),
            destinationServer.accessKey(),
            destinationServer.secretKey());
  }

  /** A scenario between {@code sourceServer} and {@code destinationServer}. */
  static Scenario create(
      E2EEnvironment env, String name, S3TestServer sourceServer, S3TestServer destinationServer) {
    Path dir = env.root().resolve(name);
    Path config = dir.resolve("ferry.yaml");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          config,
          String.join(
              "\n",
              "# Written by the end-to-end suite; secrets come from the environment.",
              "temporal:",
              "  target: " + env.temporal().address(),
              "  namespace: " + E2EEnvironment.NAMESPACE,
              "  taskQueue: ferry-" + name,
              "backends:",
              "  src:",
              "    type: s3",
              "    endpoint: " + sourceServer.endpoint(),
              "    region: us-east-1",
              "    accessKey: ${FERRY_E2E_SRC_ACCESS}",
              "    secretKey: ${FERRY_E2E_SRC_SECRET}",
              "  dst:",
              "    type: s3",
              "    endpoint: " + destinationServer.endpoint(),
              "    region: us-east-1",
              "    accessKey: ${FERRY_E2E_DST_ACCESS}",
              "    secretKey: ${FERRY_E2E_DST_SECRET}",
              "    partSize: 5MiB",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Scenario scenario = new Scenario(env, name, dir, config, sourceServer, destinationServer);
    sourceServer.createBucket(scenario.sourceBucket());
    destinationServer.createBucket(scenario.destinationBucket());
    return scenario;
  }

  String sourceBucket() {
    return name + "-src";
  }

  String destinationBucket() {
    return name + "-dst";
  }

  /** {@code src:NAME-src}, the source location as a user types it. */
  String from() {
    return "src:" + sourceBucket();
  }

  /** {@code dst:NAME-dst}. */
  String to() {
    return "dst:" + destinationBucket();
  }

  ObjectStore source() {
    return source;
  }

  /**
   * How many objects of {@code data} are visible at the destination. Only the data's own keys
   * count: ferry may briefly write other keys there (a preflight probe, for instance).
   */
  int arrived(Manifest data) {
    return (int)
        destination.keys(destinationBucket()).stream().filter(data.entries()::containsKey).count();
  }

  /** How many objects of {@code data} are still at the source. */
  int remaining(Manifest data) {
    return (int) source.keys(sourceBucket()).stream().filter(data.entries()::containsKey).count();
  }

  ObjectStore destination() {
    return destination;
  }

  Path dir() {
    return dir;
  }

  /** Writes {@code data} to the source bucket and returns what the server then holds. */
  Manifest seed(DataSet data) {
    source.write(sourceBucket(), data);
    Manifest manifest = source.read(sourceBucket());
    if (manifest.size() != data.specs().size()) {
      throw new IllegalStateException(
          "source holds " + manifest.size() + " objects, wrote " + data.specs().size());
    }
    return manifest;
  }

  /** Starts {@code ferry worker} for this scenario with extra flags, e.g. --max-activities. */
  WorkerProcess worker(String workerName, String... extraArgs) {
    WorkerProcess worker =
        WorkerProcess.start(name + "-" + workerName, config, secretEnv(), env.logs(), extraArgs);
    workers.add(worker);
    return worker;
  }

  /** Runs a {@code ferry} client command with this scenario's config and the secrets' env. */
  CommandResult ferry(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--config");
    all.add(config.toString());
    return Commands.run(FerryJar.command(List.of(), all), secretEnv(), Duration.ofSeconds(120));
  }

  /**
   * {@code ferry start --from src:.. --to dst:.. --id ID OPTIONS}; requires exit 0 and the id on
   * stdout, and returns a handle to observe the migration.
   */
  Migration start(String id, String... options) {
    List<String> args = new ArrayList<>(List.of("start", "--from", from(), "--to", to()));
    args.addAll(List.of("--id", id));
    args.addAll(List.of(options));
    CommandResult result = ferry(args.toArray(String[]::new)).ok();
    if (!result.stdout().strip().equals(id)) {
      throw new AssertionError("ferry start printed no id: " + result.describe());
    }
    return new Migration(env, id);
  }

  /** The environment variables this scenario's ferry.yaml interpolates: both servers' keys. */
  private Map<String, String> secretEnv() {
    return Map.of(
        "FERRY_E2E_SRC_ACCESS", sourceServer.accessKey(),
        "FERRY_E2E_SRC_SECRET", sourceServer.secretKey(),
        "FERRY_E2E_DST_ACCESS", destinationServer.accessKey(),
        "FERRY_E2E_DST_SECRET", destinationServer.secretKey(),
        // What the CLI keeps (a --files-from key list) stays in the scenario's directory.
        "FERRY_HOME", dir.resolve("home").toString());
  }

  @Override
  public void close() {
    workers.forEach(WorkerProcess::close);
  }
}
