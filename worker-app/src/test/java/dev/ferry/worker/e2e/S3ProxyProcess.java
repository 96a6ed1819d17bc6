package dev.ferry.worker.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real S3 server on loopback: S3Proxy's jar-with-dependencies as its own process (its protobuf
 * clashes with the Temporal SDK's), storing objects in a directory, with its own credentials.
 */
final class S3ProxyProcess implements AutoCloseable {
  private static final String MULTIPART_PREFIX = ".mpus-";

  private final OsProcess process;
  private final Path data;
  private final int port;
  private final String accessKey;
  private final String secretKey;

  private S3ProxyProcess(
      OsProcess process, Path data, int port, String accessKey, String secretKey) {
    this.process = process;
    this.data = data;
    this.port = port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts a server storing under {@code dir}, accepting only the given credentials. */
  static S3ProxyProcess start(Path dir, String accessKey, String secretKey) {
    String jar = System.getProperty("ferry.s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property ferry.s3proxy.jar names no file: " + jar);
    }
    int port = Ports.free();
    try {
      Path data = Files.createDirectories(dir.resolve("data"));
      Path properties = dir.resolve("s3proxy.properties");
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=http://127.0.0.1:" + port,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + accessKey,
              "s3proxy.credential=" + secretKey,
              "jclouds.provider=filesystem-nio2",
              "jclouds.filesystem.basedir=" + data,
              "jclouds.identity=" + accessKey,
              "jclouds.credential=" + secretKey,
              ""));
      OsProcess process =
          OsProcess.start(
              "s3proxy",
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx2g",
                  "-jar",
                  jar,
                  "--properties",
                  properties.toString()),
              Map.of(),
              dir.resolve("s3proxy.log"));
      Ports.awaitListening(port, Duration.ofSeconds(60), process);
      return new S3ProxyProcess(process, data, port, accessKey, secretKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  String accessKey() {
    return accessKey;
  }

  String secretKey() {
    return secretKey;
  }

  /**
   * Creates an empty bucket. Done on disk (a bucket of the filesystem store is a directory) because
   * the MinIO client always sends a location constraint, which S3Proxy refuses.
   */
  void createBucket(String bucket) {
    try {
      Files.createDirectories(data.resolve(bucket));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Keys of {@code bucket} with a multipart upload in progress: the filesystem store keeps each
   * upload's state in entries named after {@code .mpus-KEY} until it completes or is aborted, so this is
   * the server's own view of which large objects are mid-transfer.
   */
  List<String> multipartUploadsInProgress(String bucket) {
    Path dir = data.resolve(bucket);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .map(p -> dir.relativize(p).toString())
          .filter(p -> p.contains(MULTIPART_PREFIX))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      // Entries come and go while we walk; a failed walk means "look again".
      return List.of();
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
