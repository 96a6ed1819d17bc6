package dev.ferry.activities.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the S3 server harnesses share: one server process on a free loopback port with a temporary
 * data directory and log, readiness, stopping, bucket creation and cleanup. A subclass only says
 * how to run its server.
 */
public abstract class ServerProcess implements S3TestServer {
  private static final HexFormat HEX = HexFormat.of();
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US).withZone(ZoneOffset.UTC);

  private final String name;
  private final String accessKey;
  private final String secretKey;
  private final String installHint;
  private Process process;
  private Path dataDir;
  private Path log;
  private int port;

  /**
   * A server called {@code name} that accepts these credentials; {@code installHint} says how to
   * get it when it cannot be found or does not start.
   */
  protected ServerProcess(String name, String accessKey, String secretKey, String installHint) {
    this.name = name;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.installHint = installHint;
  }

  /**
   * The command that runs the server on {@code port}, keeping what it stores under {@code dataDir}
   * (which exists); its output goes to a log that failures quote.
   *
   * @throws IllegalStateException naming how to install the server when it cannot be found
   */
  protected abstract ProcessBuilder command(Path dataDir, int port) throws IOException;

  @Override
  public final String name() {
    return name;
  }

  /**
   * Starts the server and waits until it accepts connections. After {@link #stop()} it starts again
   * on the same port with the same data directory.
   *
   * @throws IllegalStateException when the server is missing or does not come up
   */
  @Override
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      if (dataDir == null) {
        dataDir = Files.createTempDirectory("ferry-" + name.toLowerCase() + "-");
        log = dataDir.resolve("server.log");
        port = freePort();
      }
      process =
          command(dataDir, port)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + "; " + installHint + ": " + e, e);
    }
    awaitPort();
  }

  @Override
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    ServerProcess.stop(process);
    process = null;
  }

  @Override
  public synchronized void close() {
    stop();
    if (dataDir != null) {
      deleteTree(dataDir);
      dataDir = null;
    }
  }

  @Override
  public final String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public final String accessKey() {
    return accessKey;
  }

  @Override
  public final String secretKey() {
    return secretKey;
  }

  /**
   * Creates a bucket with a PUT that has no body, signed with AWS Signature Version 4. (The MinIO
   * client always sends a {@code LocationConstraint}, which AWS-like servers refuse for us-east-1.)
   */
  @Override
  public void createBucket(String bucket) {
    Instant now = Instant.now();
    String date = AMZ_DATE.format(now);
    String day = date.substring(0, 8);
    String host = "127.0.0.1:" + port;
    String emptyHash = HEX.formatHex(sha256(new byte[0]));
    String signed = "host;x-amz-content-sha256;x-amz-date";
    String canonical =
        String.join(
            "\n",
            "PUT",
            "/" + bucket,
            "",
            "host:" + host,
            "x-amz-content-sha256:" + emptyHash,
            "x-amz-date:" + date,
            "",
            signed,
            emptyHash);
    String scope = day + "/" + REGION + "/s3/aws4_request";
    String toSign =
        String.join(
            "\n",
            "AWS4-HMAC-SHA256",
            date,
            scope,
            HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8))));
    byte[] key =
        hmacChain(
            ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8),
            day,
            REGION,
            "s3",
            "aws4_request");
    String authorization =
        "AWS4-HMAC-SHA256 Credential="
            + accessKey
            + "/"
            + scope
            + ", SignedHeaders="
            + signed
            + ", Signature="
            + HEX.formatHex(hmacChain(key, toSign));
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket))
            .PUT(HttpRequest.BodyPublishers.noBody())
            .header("x-amz-content-sha256", emptyHash)
            .header("x-amz-date", date)
            .header("Authorization", authorization)
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(put, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            name + " cannot create bucket " + bucket + ": " + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException(name + " cannot create bucket " + bucket + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating bucket " + bucket, e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC-SHA256 of each part in turn, keyed with the result before it (first with {@code key}). */
  private static byte[] hmacChain(byte[] key, String... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      for (String part : parts) {
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        key = mac.doFinal(part.getBytes(StandardCharsets.UTF_8));
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The executable {@code program} from the first directory of the PATH, then of {@code more}, that
   * has it.
   */
  protected static Optional<Path> executable(String program, List<Path> more) {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          dirs.add(Path.of(dir));
        }
      }
    }
    dirs.addAll(more);
    return dirs.stream()
        .map(dir -> dir.resolve(program))
        .filter(Files::isExecutable)
        .filter(Files::isRegularFile)
        .findFirst();
  }

  /** A loopback port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Waits until the process accepts connections on its port.
   *
   * @throws IllegalStateException with the log's tail when it exits or does not come up in time
   */
  private void awaitPort() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited early (" + installHint + "); its log ends:\n" + tail(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    stop();
    throw new IllegalStateException(name + " did not start within 90 s:\n" + tail(log));
  }

  /** Terminates {@code process} (forcibly if it lingers) and waits for it. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Temporary data; the OS cleans up what is left.
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a server", e);
    }
  }
}
