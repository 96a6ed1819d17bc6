package dev.ferry.activities.testing;

import dev.ferry.activities.config.BackendProfile;
import dev.ferry.activities.config.S3Listing;
import io.minio.MinioAsyncClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 server for tests: S3Proxy's jar-with-dependencies run as its own process (in our JVM
 * its protobuf would clash with the Temporal SDK's) on a free loopback port, storing objects in a
 * temporary directory, with signature checking on and fixed test credentials.
 *
 * <p>Use it as a JUnit 5 extension, started once per test class:
 *
 * <pre>
 * &#64;RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
 * ...
 * S3.createBucket("src");
 * BackendProfile profile = S3.profile("src");   // type s3, this endpoint and credentials
 * </pre>
 *
 * or call {@link #start()} and {@link #stop()} yourself. The jar is found through the system
 * property {@code ferry.s3proxy.jar}, which the parent pom sets for Surefire and Failsafe.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "ferry-test-access";

  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "ferry-test-secret-0123456789";

  /** The region clients should sign for. */
  public static final String REGION = "us-east-1";

  private static final String JAR_PROPERTY = "ferry.s3proxy.jar";

  private final String maxHeap;
  private Process process;
  private Path dataDir;
  private Path log;
  private int port;
  private MinioAsyncClient adminClient;

  /** A server whose JVM gets a 512 MiB heap, enough for multipart uploads of large objects. */
  public S3ProxyServer() {
    this("512m");
  }

  /** A server whose JVM gets {@code maxHeap} (a {@code -Xmx} value). */
  public S3ProxyServer(String maxHeap) {
    this.maxHeap = maxHeap;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * Starts the server and waits until it accepts connections. After {@link #stop()} it starts again
   * on the same port with the same data.
   *
   * @throws IllegalStateException when the jar is missing or the server does not come up
   */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      String jar = System.getProperty(JAR_PROPERTY);
      if (jar == null || !Files.isRegularFile(Path.of(jar))) {
        throw new IllegalStateException(
            "S3Proxy jar not found; system property " + JAR_PROPERTY + " = " + jar);
      }
      if (dataDir == null) {
        dataDir = Files.createTempDirectory("ferry-s3proxy-");
        Files.createDirectories(dataDir.resolve("blobs"));
        port = ServerProcess.freePort();
      }
      Properties props = new Properties();
      props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
      props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      props.setProperty("s3proxy.identity", ACCESS_KEY);
      props.setProperty("s3proxy.credential", SECRET_KEY);
      props.setProperty("s3proxy.ignore-unknown-headers", "true");
      props.setProperty("jclouds.provider", "filesystem-nio2");
      props.setProperty("jclouds.filesystem.basedir", dataDir.resolve("blobs").toString());
      props.setProperty("jclouds.identity", ACCESS_KEY);
      props.setProperty("jclouds.credential", SECRET_KEY);
      props.setProperty("jclouds.regions", REGION);
      Path propsFile = dataDir.resolve("s3proxy.properties");
      try (var out = Files.newBufferedWriter(propsFile)) {
        props.store(out, "ferry test S3Proxy");
      }
      log = dataDir.resolve("s3proxy.log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx" + maxHeap);
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-jar");
      command.add(jar);
      command.add("--properties");
      command.add(propsFile.toString());
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      ServerProcess.awaitPort(process, port, log, "S3Proxy");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Proxy", e);
    }
  }

  /** Stops the server process (kill, then wait for it); data stays for a later {@link #start()}. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    ServerProcess.stop(process);
    process = null;
  }

  /** Stops the server and deletes its data. */
  @Override
  public synchronized void close() {
    stop();
    if (adminClient != null) {
      adminClient.close();
      adminClient = null;
    }
    if (dataDir != null) {
      ServerProcess.deleteTree(dataDir);
      dataDir = null;
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  /** An s3 profile called {@code name} for this server, with its endpoint and credentials. */
  public BackendProfile profile(String name) {
    return BackendProfile.s3(name, endpoint(), REGION, ACCESS_KEY, SECRET_KEY);
  }

  /** As {@link #profile(String)}, listing keys as {@code listing} says. */
  public BackendProfile profile(String name, S3Listing listing) {
    BackendProfile p = profile(name);
    return new BackendProfile(
        name,
        p.type(),
        p.endpoint(),
        p.region(),
        p.accessKey(),
        p.secretKey(),
        null,
        0,
        0,
        0,
        listing);
  }

  /** Creates a bucket (S3 bucket naming rules apply: lower case, 3 to 63 characters). */
  public synchronized void createBucket(String name) {
    if (adminClient == null) {
      adminClient = ServerProcess.client(endpoint(), REGION, ACCESS_KEY, SECRET_KEY);
    }
    ServerProcess.createBucket(adminClient, name);
  }
}
