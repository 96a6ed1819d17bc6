package dev.ferry.activities.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

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
public final class S3ProxyServer extends ServerProcess {
  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "ferry-test-access";

  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "ferry-test-secret-0123456789";

  private static final String JAR_PROPERTY = "ferry.s3proxy.jar";

  private final String maxHeap;
  private final boolean ignoreUnknownHeaders;

  /** A server whose JVM gets a 512 MiB heap, enough for multipart uploads of large objects. */
  public S3ProxyServer() {
    this("512m");
  }

  /** A server whose JVM gets {@code maxHeap} (a {@code -Xmx} value). */
  public S3ProxyServer(String maxHeap) {
    this(maxHeap, true);
  }

  private S3ProxyServer(String maxHeap, boolean ignoreUnknownHeaders) {
    super(
        "S3Proxy",
        ACCESS_KEY,
        SECRET_KEY,
        "run the tests through ./mvnw, which fetches the S3Proxy jar and sets " + JAR_PROPERTY);
    this.maxHeap = maxHeap;
    this.ignoreUnknownHeaders = ignoreUnknownHeaders;
  }

  /**
   * A server as S3Proxy runs by default, without {@code s3proxy.ignore-unknown-headers}: it refuses
   * a request with a header it does not implement ({@code x-amz-tagging}, ...) as NotImplemented.
   */
  public static S3ProxyServer refusingUnknownHeaders() {
    return new S3ProxyServer("512m", false);
  }

  @Override
  protected ProcessBuilder command(Path dataDir, int port) throws IOException {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "S3Proxy jar not found; system property " + JAR_PROPERTY + " = " + jar);
    }
    Path blobs = Files.createDirectories(dataDir.resolve("blobs"));
    Properties props = new Properties();
    props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
    props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    props.setProperty("s3proxy.identity", ACCESS_KEY);
    props.setProperty("s3proxy.credential", SECRET_KEY);
    props.setProperty("s3proxy.ignore-unknown-headers", String.valueOf(ignoreUnknownHeaders));
    props.setProperty("jclouds.provider", "filesystem-nio2");
    props.setProperty("jclouds.filesystem.basedir", blobs.toString());
    props.setProperty("jclouds.identity", ACCESS_KEY);
    props.setProperty("jclouds.credential", SECRET_KEY);
    props.setProperty("jclouds.regions", REGION);
    Path propsFile = dataDir.resolve("s3proxy.properties");
    try (var out = Files.newBufferedWriter(propsFile)) {
      props.store(out, "ferry test S3Proxy");
    }
    return new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap,
        "-XX:TieredStopAtLevel=1",
        "-jar",
        jar,
        "--properties",
        propsFile.toString());
  }
}
