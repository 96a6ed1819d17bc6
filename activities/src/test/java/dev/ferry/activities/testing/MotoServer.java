package dev.ferry.activities.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * A moto server process for tests: an in-memory S3 written in Python, which accepts any
 * credentials. {@code moto_server} from the PATH is run, else {@code python3 -m moto.server}; when
 * neither runs the test class fails naming the install command. Its objects live in memory, so
 * {@link #stop()} and {@link #start()} lose them.
 */
public final class MotoServer extends ServerProcess {
  private static final String INSTALL = "pip install 'moto[server]'";

  /** A moto server (test credentials are fixed only for symmetry; moto checks none). */
  public MotoServer() {
    super(
        "moto", "ferry-moto-access", "ferry-moto-secret-0123456789", "install it with: " + INSTALL);
  }

  @Override
  protected ProcessBuilder command(Path dataDir, int port) {
    List<String> where = List.of("-H", "127.0.0.1", "-p", Integer.toString(port));
    ProcessBuilder builder =
        executable("moto_server", List.of())
            .map(binary -> new ProcessBuilder(binary.toString()))
            .orElseGet(() -> new ProcessBuilder("python3", "-m", "moto.server"));
    builder.command().addAll(where);
    return builder;
  }
}
