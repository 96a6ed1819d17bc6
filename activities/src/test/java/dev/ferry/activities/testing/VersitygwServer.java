package dev.ferry.activities.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A versitygw server process for tests, serving a temporary directory through its posix backend.
 * The binary is taken from the PATH, else from Go's install directory ({@code $GOBIN}, {@code $(go
 * env GOPATH)/bin}, {@code ~/go/bin}); a missing binary fails the test class. Where the temporary
 * directory's filesystem has no user extended attributes, metadata goes to a sidecar directory.
 */
public final class VersitygwServer extends ServerProcess {
  /** The version the build installs and the tests were written against. */
  public static final String VERSION = "v1.8.0";

  private static final String INSTALL =
      "go install github.com/versity/versitygw/cmd/versitygw@" + VERSION;

  private final boolean accounts;

  /** A versitygw server with fixed test credentials. */
  public VersitygwServer() {
    this(false);
  }

  private VersitygwServer(boolean accounts) {
    super(
        "versitygw",
        "ferry-vgw-access",
        "ferry-vgw-secret-0123456789",
        "install it with: " + INSTALL);
    this.accounts = accounts;
  }

  /**
   * A server that also keeps user accounts (its internal IAM, uncached), which {@link #admin}
   * creates and deletes while it runs: a deleted account's key is refused at once, as a revoked one
   * is.
   */
  public static VersitygwServer withAccounts() {
    return new VersitygwServer(true);
  }

  /**
   * Runs {@code versitygw admin ARGS} as the root account against this server, e.g. {@code
   * create-user --access A --secret S --role admin} or {@code delete-user --access A}.
   *
   * @throws IllegalStateException with the command's output when it fails
   */
  public void admin(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of("admin", "--access", accessKey(), "--secret", secretKey()));
    command.addAll(List.of("--endpoint-url", endpoint()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("versitygw admin " + String.join(" ", args) + ": " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run versitygw admin: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running versitygw admin", e);
    }
  }

  private static Path binary() {
    return executable("versitygw", goBinDirectories())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no versitygw binary on the PATH nor in Go's bin directory; install it"
                        + " with: "
                        + INSTALL));
  }

  @Override
  protected ProcessBuilder command(Path dataDir, int port) throws IOException {
    Path root = Files.createDirectories(dataDir.resolve("root"));
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of("--access", accessKey(), "--secret", secretKey()));
    if (accounts) {
      Path iam = Files.createDirectories(dataDir.resolve("iam"));
      command.addAll(List.of("--iam-dir", iam.toString(), "--iam-cache-disable"));
    }
    command.addAll(List.of("--region", REGION, "--port", "127.0.0.1:" + port, "posix"));
    if (!hasUserXattrs(dataDir)) {
      command.add("--sidecar");
      command.add(Files.createDirectories(dataDir.resolve("sidecar")).toString());
    }
    command.add(root.toString());
    return new ProcessBuilder(command);
  }

  /**
   * Whether files under {@code dir} can carry user extended attributes (posix keeps metadata so).
   */
  static boolean hasUserXattrs(Path dir) {
    Path probe = dir.resolve("xattr-probe");
    try {
      Files.write(probe, new byte[0]);
      var view = Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class);
      if (view == null) {
        return false;
      }
      view.write("ferry.probe", ByteBuffer.wrap(new byte[] {1}));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      probe.toFile().delete();
    }
  }

  /** Where {@code go install} may have put binaries. */
  static List<Path> goBinDirectories() {
    List<Path> dirs = new ArrayList<>();
    String gobin = System.getenv("GOBIN");
    if (gobin != null && !gobin.isEmpty()) {
      dirs.add(Path.of(gobin));
    }
    for (String gopath : goPath().split(java.io.File.pathSeparator)) {
      if (!gopath.isBlank()) {
        dirs.add(Path.of(gopath.strip(), "bin"));
      }
    }
    dirs.add(Path.of(System.getProperty("user.home"), "go", "bin"));
    return dirs;
  }

  /** {@code go env GOPATH}, else {@code $GOPATH}, else empty. */
  private static String goPath() {
    try {
      Process go = new ProcessBuilder("go", "env", "GOPATH").redirectErrorStream(true).start();
      String out = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (go.waitFor(30, TimeUnit.SECONDS) && go.exitValue() == 0) {
        return out.strip();
      }
    } catch (IOException e) {
      // No go on the PATH: fall back to the environment.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String env = System.getenv("GOPATH");
    return env == null ? "" : env;
  }
}
